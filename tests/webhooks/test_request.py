"""A dead or slow endpoint never slows a comment: the POST does no network I/O and no webhook
work at all; the worker's one task per comment fans out, and each delivery is its own task."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import EssayFactory, UserFactory
from tests.webhooks.conftest import DEAD_PORT, Receiver, endpoint_for
from thoughtful.discussion.models import Comment
from thoughtful.discussion.tasks import comment_posted_effects
from thoughtful.webhooks import actions, events
from thoughtful.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def test_a_comment_post_does_no_network_io_and_no_webhook_work(
    settings: Any,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DISCUSSION = {"SCORER": "tests.discussion.fakes.fixed"}
    settings.WEBHOOK_READ_TIMEOUT = 1.0
    receiver.delay = 5.0  # a slow endpoint
    endpoint_for(receiver.url, events.COMMENT_POSTED)
    endpoint_for(f"http://127.0.0.1:{DEAD_PORT}/gone", events.COMMENT_POSTED)  # a dead one
    essay = EssayFactory()
    writer = UserFactory(date_joined=timezone.now() - timedelta(days=90))
    client = Client()
    client.force_login(writer)

    connects: list[Any] = []
    real_connect = socket.socket.connect

    def spy(self: socket.socket, address: Any) -> Any:
        connects.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    started = time.monotonic()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("web:post-comment", args=[essay.slug]), {"body": "A calm reply."}
        )
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 302)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PUBLISHED
    assert not [a for a in connects if isinstance(a, tuple) and a[1] in (receiver.port, DEAD_PORT)]
    assert not any("webhooks_" in q["sql"] for q in queries.captured_queries)
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "thoughtful.discussion.tasks.comment_posted_effects"
    ]
    assert elapsed < receiver.delay
    assert receiver.received == []

    # The worker: the comment's one task fans out (deliveries, one task each), sending nothing.
    with django_capture_on_commit_callbacks(execute=True):
        comment_posted_effects.call(comment.pk)
    assert receiver.received == []
    deliveries = list(Delivery.objects.order_by("pk"))
    assert len(deliveries) == 2
    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued.count("thoughtful.webhooks.tasks.deliver") == 2

    # Each delivery's own task: the slow one costs the read timeout, the dead one nothing.
    slow, dead = (actions.attempt(delivery_id=d.pk) for d in deliveries)
    assert slow is not None and slow.last_error == "timed out"
    assert dead is not None and "Connection" in dead.last_error
    assert {slow.status, dead.status} == {Delivery.Status.PENDING}
