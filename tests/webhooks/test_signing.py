"""Signatures follow the Standard Webhooks spec: the reference library accepts them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from thoughtful.webhooks import signing
from thoughtful.webhooks.models import new_secret

BODY = b'{"type":"comment.posted","timestamp":"2026-12-07T23:00:00+00:00","data":{"x":1}}'


def test_a_secret_is_whsec_and_24_random_bytes() -> None:
    secret = new_secret()
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]+={0,2}", secret)
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24
    assert new_secret() != secret


def test_the_reference_library_verifies_our_headers() -> None:
    secret = new_secret()
    headers = signing.headers(
        secret=secret, message_id="msg_1", timestamp=int(time.time()), body=BODY
    )
    assert Webhook(secret).verify(BODY, headers) == {
        "type": "comment.posted",
        "timestamp": "2026-12-07T23:00:00+00:00",
        "data": {"x": 1},
    }


def test_the_signature_is_the_spec_hmac_by_hand() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    expected = base64.b64encode(
        hmac.new(
            base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330." + BODY,
            hashlib.sha256,
        ).digest()
    ).decode()
    got = signing.signature(
        secret=secret, message_id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp=1614265330, body=BODY
    )
    assert got == "v1," + expected


def test_a_changed_body_or_old_timestamp_is_refused() -> None:
    secret = new_secret()
    now = int(time.time())
    headers = signing.headers(secret=secret, message_id="msg_2", timestamp=now, body=BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY.replace(b"1", b"2"), headers)
    stale = signing.headers(secret=secret, message_id="msg_2", timestamp=now - 3600, body=BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, stale)
    assert signing.verify(
        secret=secret,
        message_id="msg_2",
        timestamp=now,
        body=BODY,
        header="v1,bad " + headers["webhook-signature"],
    )
    assert not signing.verify(
        secret=new_secret(),
        message_id="msg_2",
        timestamp=now,
        body=BODY,
        header=headers["webhook-signature"],
    )
