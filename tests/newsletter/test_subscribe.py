"""Issue 11: subscribing is double opt-in; every edition has RFC 8058 one-click unsubscribe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from thoughtful.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def _subscribe(client: Client, capture: Any, email: str) -> Any:
    with capture(execute=True):
        return client.post(reverse("newsletter:subscribe"), {"email": email})


def _path(body: str, kind: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/newsletter/{kind}/\S+/)", body)
    assert found is not None, body
    return found.group(1)


def test_double_opt_in(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    response = _subscribe(client, django_capture_on_commit_callbacks, "Reader@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("newsletter:sent")
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert not subscriber.receives  # not until the link is followed
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    link = _path(mail.outbox[0].body, "confirm")
    assert client.get(link).status_code == 200  # a mail scanner's GET confirms nothing
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert client.post(link).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.receives


def test_the_answer_never_says_who_subscribes(django_capture_on_commit_callbacks: Any) -> None:
    Subscriber.objects.create(email="known@example.org", confirmed_at="2026-01-01T00:00Z")
    known = _subscribe(Client(), django_capture_on_commit_callbacks, "known@example.org")
    new = _subscribe(Client(), django_capture_on_commit_callbacks, "new@example.org")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    # A subscribed address gets no second opt-in email.
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_a_bad_address_is_a_form_error() -> None:
    response = Client().post(reverse("newsletter:subscribe"), {"email": "not an address"})
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


def test_opt_in_requests_are_throttled(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(5):
        _subscribe(Client(), django_capture_on_commit_callbacks, "flood@example.org")
    assert len(mail.outbox) == 2


def test_one_click_unsubscribe_needs_no_cookie_and_no_csrf_token() -> None:
    subscriber = Subscriber.objects.create(email="r@example.org", confirmed_at="2026-01-01T00:00Z")
    url = reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token])
    # What a mail client sends for RFC 8058: a bare POST, no session, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.receives
    # Again is harmless; a wrong token is refused and changes nothing.
    assert client.post(url).status_code == 200
    assert client.post(reverse("newsletter:unsubscribe", args=["nope"])).status_code == 404


def test_the_unsubscribe_page_asks_before_it_acts() -> None:
    subscriber = Subscriber.objects.create(email="r@example.org", confirmed_at="2026-01-01T00:00Z")
    url = reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token])
    assert Client().get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.receives


def test_coming_back_after_unsubscribing_needs_a_new_opt_in(
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscriber = Subscriber.objects.create(
        email="back@example.org",
        confirmed_at="2026-01-01T00:00Z",
        unsubscribed_at="2026-02-01T00:00Z",
    )
    old_confirm = subscriber.confirm_token
    _subscribe(Client(), django_capture_on_commit_callbacks, "back@example.org")
    subscriber.refresh_from_db()
    assert not subscriber.receives and subscriber.confirm_token != old_confirm
    assert Client().post(reverse("newsletter:confirm", args=[old_confirm])).status_code == 400
    assert len(mail.outbox) == 1


def test_the_form_include_posts_to_the_subscribe_page() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("partials/newsletter_form.html")
    assert f'action="{reverse("newsletter:subscribe")}"' in html and 'name="email"' in html


def test_an_account_export_and_deletion_include_the_subscription() -> None:
    from tests.factories import PASSWORD, UserFactory
    from thoughtful.people import actions as people_actions

    person = UserFactory(email="member@example.org")
    Subscriber.objects.create(email="member@example.org", confirmed_at="2026-01-01T00:00Z")
    data = people_actions.export_data(person=person)
    assert data["newsletter"]["email"] == "member@example.org"
    people_actions.delete_account(person=person, password=PASSWORD)
    assert not Subscriber.objects.filter(email="member@example.org").exists()
