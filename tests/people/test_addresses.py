"""Issue 11: change of email address (link to the new one, notice to the old), verifying an
old unverified address, and reply emails and digests that wait for a verified address."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion.notifications import send_daily_digests, send_reply_notification
from thoughtful.people.models import AccountEvent, User

pytestmark = pytest.mark.django_db


def _signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _link(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/account/address/\S+/)", body)
    assert found is not None, body
    return found.group(1)


@pytest.fixture
def ann(db: None) -> User:
    return UserFactory(username="ann", email="ann@example.org", email_verified_at=timezone.now())


def _ask(client: Client, capture: Any, email: str, password: str = PASSWORD) -> Any:
    with capture(execute=True):
        return client.post(reverse("people:change-email"), {"email": email, "password": password})


def test_change_email_sends_a_link_to_the_new_address_and_a_notice_to_the_old(
    ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = _signed_in(ann)
    response = _ask(client, django_capture_on_commit_callbacks, "Ann.New@Example.org")
    assert response.status_code == 302
    ann.refresh_from_db()
    # Nothing changes until the new address proves itself.
    assert (ann.email, ann.pending_email) == ("ann@example.org", "ann.new@example.org")
    assert sorted(m.to[0] for m in mail.outbox) == ["ann.new@example.org", "ann@example.org"]
    notice = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    assert "a•••@example.org" in notice.body and "ann.new@" not in notice.body
    link = _link(next(m for m in mail.outbox if m.to == ["ann.new@example.org"]).body)
    # A GET (a mail scanner) changes nothing; the button does.
    assert Client().get(link).status_code == 200
    ann.refresh_from_db()
    assert ann.email == "ann@example.org"
    assert Client().post(link).status_code == 302
    ann.refresh_from_db()
    assert (ann.email, ann.pending_email) == ("ann.new@example.org", "")
    assert ann.email_verified_at is not None
    # The link works once.
    assert Client().post(link).status_code == 400
    kinds = set(AccountEvent.objects.filter(person=ann).values_list("kind", flat=True))
    assert {"email_change_requested", "address_confirmed"} <= kinds


def test_a_wrong_password_changes_nothing(
    ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    response = _ask(_signed_in(ann), django_capture_on_commit_callbacks, "x@example.org", "nope")
    assert response.status_code == 200
    assert "isn&#x27;t your current password" in response.content.decode()
    ann.refresh_from_db()
    assert ann.pending_email == "" and mail.outbox == []


def test_an_address_with_an_account_is_never_revealed(
    ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(username="bob", email="bob@example.org")
    client = _signed_in(ann)
    taken = _ask(client, django_capture_on_commit_callbacks, "bob@example.org")
    ann.refresh_from_db()
    assert ann.pending_email == ""
    # The same answer as a free address; its owner is told by email instead.
    assert taken.status_code == 302 and taken["Location"] == reverse("people:profile")
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert "already" in mail.outbox[0].body
    mail.outbox.clear()
    free = _ask(client, django_capture_on_commit_callbacks, "free@example.org")
    assert (free.status_code, free["Location"]) == (taken.status_code, taken["Location"])


def test_a_password_reset_cancels_a_pending_change(
    ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    _ask(_signed_in(ann), django_capture_on_commit_callbacks, "thief@example.org")
    link = _link(next(m for m in mail.outbox if m.to == ["thief@example.org"]).body)
    ann.refresh_from_db()
    ann.set_password("a-brand-new-passphrase-7")
    ann.save()
    assert Client().post(link).status_code == 400
    ann.refresh_from_db()
    assert ann.email == "ann@example.org"


def test_change_email_requests_are_throttled(
    ann: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    client = _signed_in(ann)
    codes = [
        _ask(client, django_capture_on_commit_callbacks, "n@example.org").status_code
        for _ in range(4)
    ]
    assert codes[:2] == [302, 302] and codes[-1] == 429


def test_an_unverified_account_gets_reply_emails_and_digests_once_verified(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Made before sign-up confirmed addresses (or by staff): it can read and comment...
    old = UserFactory(username="old", email="old@example.org", daily_digest=True)
    assert old.email_verified_at is None
    essay = EssayFactory()
    parent = CommentFactory(essay=essay, author=old)
    reply = CommentFactory(essay=essay, parent=parent)
    # ...but nothing is mailed to an address nobody proved.
    assert send_reply_notification(reply.pk) is False
    assert send_daily_digests() == 0
    assert mail.outbox == []
    client = _signed_in(old)
    page = client.get(reverse("people:profile")).content.decode()
    assert "not confirmed" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:request-verification"))
    assert [m.to for m in mail.outbox] == [["old@example.org"]]
    assert client.post(_link(mail.outbox[0].body)).status_code == 302
    old.refresh_from_db()
    assert old.email_verified_at is not None
    mail.outbox.clear()
    assert send_reply_notification(reply.pk) is True
    assert send_daily_digests() == 1


def test_a_verified_account_has_nothing_to_verify(
    ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _signed_in(ann).post(reverse("people:request-verification"))
    assert mail.outbox == []


def test_a_forged_address_link_is_refused() -> None:
    assert Client().get("/account/address/MQ/forged-token/").status_code == 400
    assert Client().post("/account/address/%ED%A0%80/x/").status_code == 400


def test_join_sends_a_signed_in_person_home(ann: User) -> None:
    response = _signed_in(ann).get(reverse("people:sign-up"))
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert Client().get(reverse("people:sign-up")).status_code == 200
