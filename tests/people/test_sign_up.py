"""Sign-up answers the same whether or not the address has an account (issue 14, item 10a).

Every sign-up answers "check your email"; the account is usable once the emailed link is
followed. An address that already has an account gets an email saying someone tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


SignUp = Callable[..., Any]


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks: Any) -> SignUp:
    """Post the sign-up form and run what it queues after commit (the emails)."""

    def post(client: Client, username: str, email: str, **extra: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("people:sign-up"),
                {"username": username, "email": email, "password": PASSWORD, **extra},
            )

    return post


def _answer(client: Client, response: Any) -> tuple[Any, ...]:
    """What the person sees: status, where it sends them, the page there (messages included)."""
    page = client.get(response["Location"]) if response.status_code == 302 else response
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
    return (
        response.status_code,
        response.get("Location"),
        page.status_code,
        text,
        "_auth_user_id" in client.session,
    )


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/account/confirm/\S+", str(message.body))
    assert found, message.body
    return found.group(0)


def test_a_taken_email_gets_exactly_the_answer_a_new_one_gets(
    sign_up: SignUp,
) -> None:
    UserFactory(username="owner", email="owner@example.org")
    new, taken = Client(), Client()
    new_answer = _answer(new, sign_up(new, "freshname", "fresh@example.org"))
    taken_answer = _answer(taken, sign_up(taken, "othername", "Owner@Example.org"))
    assert new_answer == taken_answer
    status, location, _page_status, text, signed_in = new_answer
    assert (status, location, signed_in) == (302, reverse("people:sign-up-sent"), False)
    assert "Check your email" in text
    assert "already exists" not in text


def test_a_taken_email_reserves_the_username_like_a_new_sign_up(
    sign_up: SignUp, client: Client
) -> None:
    # Otherwise "is that username free again?" would tell which of two sign-ups was new.
    UserFactory(username="owner", email="owner@example.org")
    sign_up(client, "probe-new", "nobody@example.org")
    sign_up(client, "probe-taken", "owner@example.org")
    for username in ("probe-new", "probe-taken"):
        again = sign_up(Client(), username, "third@example.org")
        assert again.status_code == 200
        assert "That username is taken." in again.content.decode()


def test_a_taken_email_hashes_a_password_too(
    sign_up: SignUp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Similar time either way: the slow step (argon2) runs exactly once on both paths."""
    UserFactory(username="owner", email="owner@example.org")
    calls: list[str] = []
    original = Argon2PasswordHasher.encode

    def counting(self: Argon2PasswordHasher, password: str, salt: str) -> str:
        calls.append(password)
        return original(self, password, salt)

    monkeypatch.setattr(Argon2PasswordHasher, "encode", counting)
    sign_up(Client(), "newname", "new@example.org")
    assert calls == [PASSWORD]
    sign_up(Client(), "othername", "owner@example.org")
    assert calls == [PASSWORD, PASSWORD]


def test_the_owner_of_a_taken_email_is_told_by_email(sign_up: SignUp, client: Client) -> None:
    UserFactory(username="owner", email="owner@example.org")
    sign_up(client, "othername", "OWNER@example.org")
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["owner@example.org"]
    assert "Someone tried to create an account" in notice.body
    assert "owner" in notice.body  # their username, to sign in with
    assert reverse("people:sign-in") in notice.body
    assert reverse("people:password-reset") in notice.body
    assert "/account/confirm/" not in notice.body  # nothing that could activate the attempt
    attempt = User.objects.get(username="othername")
    assert not attempt.is_active


def test_a_new_sign_up_confirms_by_email_then_signs_in(sign_up: SignUp, client: Client) -> None:
    response = sign_up(
        client, "newreader", "New@Example.org", display_name="New Reader", next="/essays/x/"
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user = User.objects.get(username="newreader")
    assert user.email == "new@example.org"
    assert user.password.startswith("argon2$")
    assert (user.is_active, user.email_verified_at) == (False, None)
    # Not usable yet: the right password does not sign in.
    refused = client.post(
        reverse("people:sign-in"), {"username": "newreader", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session and refused.status_code == 200

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "newreader" in page.content.decode()
    assert not User.objects.get(
        pk=user.pk
    ).is_active  # opening the link (mail scanners) is not enough

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/essays/x/"
    user.refresh_from_db()
    assert user.is_active
    assert user.email_verified_at is not None
    assert abs((timezone.now() - user.email_verified_at).total_seconds()) < 60
    assert client.session["_auth_user_id"] == str(user.pk)

    # The link works once.
    again = Client().post(link)
    assert again.status_code == 400


def test_a_confirmation_link_that_is_tampered_or_expired_is_a_clear_400(
    sign_up: SignUp, client: Client, settings: Any
) -> None:
    sign_up(client, "newreader", "new@example.org")
    link = _link(mail.outbox[0])
    tampered = link.rstrip("/")[:-2] + "zz/"
    for url in (tampered, "/account/confirm/MTIzNDU2Nzg5/abc-def/"):
        response = client.post(url)
        assert response.status_code == 400
        assert "This link is invalid or has expired" in response.content.decode()
    # A NUL never reaches the view: security.middleware.RefuseNulMiddleware answers first.
    response = client.post("/account/confirm/%00/x/")
    assert response.status_code == 400
    assert "NUL characters are not allowed" in response.content.decode()
    settings.PASSWORD_RESET_TIMEOUT = -1
    expired = client.post(link)
    assert expired.status_code == 400
    assert not User.objects.get(username="newreader").is_active


def test_confirming_refuses_an_address_that_got_an_account_meanwhile(
    sign_up: SignUp, client: Client
) -> None:
    sign_up(client, "first", "same@example.org")
    sign_up(Client(), "second", "same@example.org")
    first_link, second_link = (_link(m) for m in mail.outbox)
    assert Client().post(second_link).status_code == 302
    late = client.post(first_link)
    assert late.status_code == 400
    assert not User.objects.get(username="first").is_active


def test_an_unsafe_next_is_dropped_from_the_confirmation(sign_up: SignUp, client: Client) -> None:
    sign_up(client, "newreader", "new@example.org", next="https://evil.example/x")
    confirmed = client.post(_link(mail.outbox[0]))
    assert confirmed["Location"] == "/"


def test_sign_up_is_still_refused_for_a_taken_username_and_a_weak_password(
    client: Client,
) -> None:
    UserFactory(username="taken")
    response = client.post(
        reverse("people:sign-up"),
        {"username": "Taken", "email": "a@example.org", "password": "password"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "username" in form.errors and "password" in form.errors
    assert not User.objects.filter(email="a@example.org").exists()
    assert mail.outbox == []


def test_the_owner_can_reset_their_password_from_the_notice(client: Client, settings: Any) -> None:
    """The notice says "reset your password": that page exists, answers the same for any
    address, and its link (built from SITE_URL, not the Host header) sets a new password."""
    settings.ALLOWED_HOSTS = ["*"]  # a lax deployment: the Host header must still not matter
    UserFactory(username="owner", email="owner@example.org")
    url = reverse("people:password-reset")
    unknown = client.post(url, {"email": "nobody@example.org"}, HTTP_HOST="evil.example")
    known = client.post(url, {"email": "owner@example.org"}, HTTP_HOST="evil.example")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("people:password-reset-sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["owner@example.org"]
    assert "evil.example" not in mail.outbox[0].body
    found = re.search(r"https?://\S+/account/password-reset/\S+/", mail.outbox[0].body)
    assert found
    form_page = client.get(found.group(0), follow=True)
    assert b"Choose a new password" in form_page.content
    new_password = "another-long-passphrase-7"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done["Location"] == reverse("people:password-reset-done")
    assert User.objects.get(username="owner").check_password(new_password)


def test_the_reset_form_cannot_flood_an_inbox(client: Client, settings: Any) -> None:
    """Issue 14 (one throttle for every way in): the reset form had no limit, so anyone could
    send an account's owner any number of emails. Past the limit the answer stays the same (it
    reveals nothing) but no more emails go out, for this address and for this email."""
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="owner", email="owner@example.org")
    url = reverse("people:password-reset")
    answers = [
        client.post(url, {"email": "owner@example.org"}, REMOTE_ADDR=f"198.51.100.{i}")
        for i in range(6)
    ]
    assert {a["Location"] for a in answers} == {reverse("people:password-reset-sent")}
    assert len(mail.outbox) == 3  # from six addresses: the email's own count stops it
    others = [
        client.post(url, {"email": f"n{i}@example.org"}, REMOTE_ADDR="203.0.113.9")
        for i in range(5)
    ]
    assert {a.status_code for a in others} == {302}
    # ... and one address can't walk through many inboxes either.
    UserFactory(username="other", email="other@example.org")
    client.post(url, {"email": "other@example.org"}, REMOTE_ADDR="203.0.113.9")
    assert len(mail.outbox) == 3
