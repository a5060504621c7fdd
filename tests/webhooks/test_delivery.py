"""The worker sends deliveries to a real local HTTP server; failures are retried with backoff."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from tests.factories import CommentFactory
from tests.webhooks.conftest import DEAD_PORT, Receiver, endpoint_for
from thoughtful.discussion.models import Comment
from thoughtful.webhooks import actions, conf, events, sources
from thoughtful.webhooks.models import Attempt, Delivery

pytestmark = pytest.mark.django_db


def _post_event(comment: Comment, now: Any = None) -> list[int]:
    event = sources.comment_event(comment.pk)
    assert event is not None
    return actions.emit(event, now=now)


def test_a_posted_comment_reaches_the_endpoint_signed(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint = endpoint_for(receiver.url, events.COMMENT_POSTED)
    comment = CommentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sources.comment_posted(comment.pk)  # what the worker runs for the new comment

    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got.path == "/hooks"
    assert got.headers["content-type"] == "application/json"
    payload = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert payload["type"] == "comment.posted"
    assert payload["data"]["comment"]["id"] == comment.pk
    delivery = Delivery.objects.get()
    assert got.headers["webhook-id"] == delivery.message_id
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 1 and delivery.last_status_code == 200
    assert delivery.last_response_ms is not None and delivery.last_response_ms < 2000
    assert Attempt.objects.get().status_code == 200


def test_a_500_is_retried_on_the_backoff_schedule_then_given_up(receiver: Receiver) -> None:
    receiver.status = 500
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    start = timezone.now()
    (delivery_id,) = _post_event(CommentFactory(), now=start)
    moment = start
    schedule = conf.retry_schedule()
    for number, wait in enumerate(schedule, start=1):
        delivery = actions.attempt(delivery_id=delivery_id, now=moment)
        assert delivery is not None and delivery.status == Delivery.Status.PENDING
        assert delivery.last_status_code == 500 and delivery.last_error == "HTTP 500"
        assert delivery.next_attempt_at == moment + wait
        # Not due a moment early; due on time.
        assert actions.attempt(delivery_id=delivery_id, now=moment + wait / 2) is None
        assert delivery_id not in actions.deliver_due(now=moment + wait / 2)
        assert delivery_id in actions.deliver_due(now=moment + wait)
        moment += wait
        assert len(receiver.received) == number
    final = actions.attempt(delivery_id=delivery_id, now=moment)
    assert final is not None and final.status == Delivery.Status.FAILED
    assert final.attempts == len(schedule) + 1 and final.next_attempt_at is None
    assert Attempt.objects.filter(delivery_id=delivery_id).count() == len(schedule) + 1
    assert [d.total_seconds() for d in schedule[:5]] == [5, 300, 1800, 7200, 18000]


def test_a_dead_port_is_a_failed_attempt_and_retried(settings: Any) -> None:
    endpoint_for(f"http://127.0.0.1:{DEAD_PORT}/gone", events.COMMENT_POSTED)
    start = timezone.now()
    (delivery_id,) = _post_event(CommentFactory(), now=start)
    delivery = actions.attempt(delivery_id=delivery_id, now=start)
    assert delivery is not None
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.last_status_code is None and "Connection" in delivery.last_error
    assert delivery.next_attempt_at == start + timedelta(seconds=5)
    again = actions.attempt(delivery_id=delivery_id, now=start + timedelta(seconds=5))
    assert again is not None and again.attempts == 2
    assert again.next_attempt_at == start + timedelta(seconds=5) + timedelta(minutes=5)


def test_a_slow_endpoint_costs_the_worker_only_the_read_timeout(
    settings: Any, receiver: Receiver
) -> None:
    settings.WEBHOOK_READ_TIMEOUT = 0.5
    receiver.delay = 3.0
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    (delivery_id,) = _post_event(CommentFactory())
    started = time.monotonic()
    delivery = actions.attempt(delivery_id=delivery_id)
    assert time.monotonic() - started < 2.0
    assert delivery is not None and delivery.last_error == "timed out"
    assert delivery.status == Delivery.Status.PENDING


def test_redirects_are_not_followed(receiver: Receiver) -> None:
    receiver.status = 307
    receiver.location = "http://attacker.example/steal"
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    (delivery_id,) = _post_event(CommentFactory())
    delivery = actions.attempt(delivery_id=delivery_id)
    assert delivery is not None and delivery.status == Delivery.Status.PENDING
    assert delivery.last_status_code == 307
    assert "redirect not followed" in delivery.last_error
    assert len(receiver.received) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hooks",
        "http://localhost:{port}/hooks",
        "http://[::ffff:127.0.0.1]:{port}/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/hooks",
    ],
)
def test_private_addresses_are_refused_in_production(
    settings: Any, receiver: Receiver, url: str
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    endpoint_for(url.format(port=receiver.port), events.COMMENT_POSTED)
    (delivery_id,) = _post_event(CommentFactory())
    delivery = actions.attempt(delivery_id=delivery_id)
    assert delivery is not None and delivery.last_error.startswith("refused:")
    assert receiver.received == []


def test_an_event_makes_one_delivery_per_endpoint_however_often_it_runs(
    receiver: Receiver,
) -> None:
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    endpoint_for(receiver.url + "?second", events.COMMENT_POSTED)
    endpoint_for(receiver.url + "?other", events.REPORT_FILED)
    comment = CommentFactory()
    first = _post_event(comment)
    assert len(first) == 2
    assert _post_event(comment) == []  # a task run twice (ops.sweep) sends nothing more
    assert Delivery.objects.count() == 2


def test_a_claimed_delivery_is_sent_once(receiver: Receiver) -> None:
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    start = timezone.now()
    (delivery_id,) = _post_event(CommentFactory(), now=start)
    assert actions.attempt(delivery_id=delivery_id, now=start) is not None
    # A duplicate task for the same delivery (the sweep and the deferred retry) finds it done.
    assert actions.attempt(delivery_id=delivery_id, now=start) is None
    assert len(receiver.received) == 1


def test_a_disabled_endpoint_is_not_sent_to(receiver: Receiver) -> None:
    endpoint = endpoint_for(receiver.url, events.COMMENT_POSTED)
    (delivery_id,) = _post_event(CommentFactory())
    endpoint.active = False
    endpoint.save()
    delivery = actions.attempt(delivery_id=delivery_id)
    assert delivery is not None and delivery.status == Delivery.Status.FAILED
    assert receiver.received == []
