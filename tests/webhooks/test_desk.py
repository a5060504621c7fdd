"""The staff page: endpoints, recent deliveries with status, response time and payload, resend;
only operators get in."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, UserFactory
from tests.moderation.conftest import make_moderator
from tests.webhooks.conftest import Receiver, endpoint_for
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.webhooks import actions, events, sources
from thoughtful.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db


def _signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _failed_delivery(receiver: Receiver) -> Delivery:
    receiver.status = 500
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    event = sources.comment_event(CommentFactory().pk)
    assert event is not None
    (delivery_id,) = actions.emit(event)
    delivery = actions.attempt(delivery_id=delivery_id)
    assert delivery is not None
    return delivery


def test_the_page_shows_endpoints_and_deliveries(operator: User, receiver: Receiver) -> None:
    delivery = _failed_delivery(receiver)
    html = _signed_in(operator).get(reverse("webhooks:home")).content.decode()
    assert receiver.url in html
    assert "comment.posted" in html and delivery.message_id in html
    assert "HTTP 500" in html and f"{delivery.last_response_ms} ms" in html
    assert "Pending" in html
    assert "&quot;type&quot;: &quot;comment.posted&quot;" in html  # the payload, escaped
    assert 'action="/desk/webhooks/deliveries/' in html and "Resend" in html


def test_resend_sends_the_same_message_again(
    operator: User, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = _failed_delivery(receiver)
    receiver.status = 204
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the queued task
        response = _signed_in(operator).post(reverse("webhooks:resend", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 2 and delivery.last_status_code == 204
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.message_id] * 2
    assert Attempt.objects.filter(delivery=delivery, resend=True).count() == 1


def test_resend_needs_post_and_csrf(operator: User, receiver: Receiver) -> None:
    delivery = _failed_delivery(receiver)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.get(reverse("webhooks:resend", args=[delivery.pk])).status_code == 405
    assert client.post(reverse("webhooks:resend", args=[delivery.pk])).status_code == 403
    assert len(receiver.received) == 1


@pytest.mark.parametrize("role", [None, Role.MODERATOR, Role.EDITOR, Role.CONTRIBUTOR])
def test_staff_without_the_permission_are_refused(role: Role | None, receiver: Receiver) -> None:
    delivery = _failed_delivery(receiver)
    person = (
        make_moderator(f"p-{role or 'reader'}".replace(" ", ""), role) if role else (UserFactory())
    )
    client = _signed_in(person)
    assert client.get(reverse("webhooks:home")).status_code == 403
    assert client.post(reverse("webhooks:resend", args=[delivery.pk])).status_code == 403
    assert len(receiver.received) == 1
    anonymous = Client().get(reverse("webhooks:home"))
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]


def test_the_change_endpoint_permission_lets_a_staff_member_in() -> None:
    person = make_moderator("ops", Role.EDITOR)
    person.user_permissions.add(Permission.objects.get(codename="change_endpoint"))
    person = User.objects.get(pk=person.pk)
    assert _signed_in(person).get(reverse("webhooks:home")).status_code == 200


def test_an_operator_registers_an_endpoint_on_the_page(operator: User) -> None:
    client = _signed_in(operator)
    response = client.post(
        reverse("webhooks:add-endpoint"),
        {
            "url": "https://hooks.example.org/thoughtful",
            "description": "Moderators' bot",
            "events": ["comment.held", "report.filed"],
            "include_private_text": "on",
        },
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["comment.held", "report.filed"]
    assert endpoint.include_private_text and endpoint.created_by == operator
    assert endpoint.secret.startswith("whsec_")


@pytest.mark.parametrize(
    "data",
    [
        {"url": "not a url", "events": ["comment.held"]},
        {"url": "https://hooks.example.org/", "events": []},
        {"url": "https://hooks.example.org/", "events": ["nope"]},
        {"url": "ftp://hooks.example.org/", "events": ["comment.held"]},
    ],
)
def test_bad_endpoints_get_a_clear_400(operator: User, data: dict[str, Any]) -> None:
    response = _signed_in(operator).post(reverse("webhooks:add-endpoint"), data)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_private_addresses_cannot_be_registered_in_production(
    settings: Any, operator: User
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("http://127.0.0.1:8820/x", "http://localhost/x", "http://192.168.1.5/x"):
        response = _signed_in(operator).post(
            reverse("webhooks:add-endpoint"), {"url": url, "events": ["comment.held"]}
        )
        assert response.status_code == 400, url
        assert "private and local addresses" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_the_admin_registers_endpoints(operator: User) -> None:
    client = _signed_in(operator)
    response = client.post(
        "/admin/webhooks/endpoint/add/",
        {"url": "https://hooks.example.org/a", "events": ["essay.published"], "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["essay.published"] and endpoint.created_by == operator
    assert client.get(f"/admin/webhooks/endpoint/{endpoint.pk}/change/").status_code == 200
