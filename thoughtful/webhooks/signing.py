"""Standard Webhooks signatures (https://www.standardwebhooks.com/, the spec's "symmetric"
scheme): HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}" with the secret's key
bytes, sent as "v1,<base64>". The timestamp is signed, so a receiver that rejects old
timestamps (the libraries allow five minutes) cannot be fed a replayed message."""

from __future__ import annotations

import base64
import hashlib
import hmac

PREFIX = "whsec_"


def key_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(*, secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }


def verify(*, secret: str, message_id: str, timestamp: int, body: bytes, header: str) -> bool:
    """The receiver's check (used by tests and shown in the README): any listed v1 signature
    that matches, compared in constant time."""
    expected = signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body)
    return any(
        hmac.compare_digest(expected, candidate) for candidate in header.split(" ") if candidate
    )
