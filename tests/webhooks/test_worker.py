"""The real path: the action commits, django-tasks-db stores the tasks, `db_worker` delivers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook

from tests.factories import CommentFactory
from tests.moderation.conftest import make_moderator
from tests.webhooks.conftest import DEAD_PORT, Receiver, endpoint_for
from thoughtful.moderation import actions as moderation
from thoughtful.webhooks.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


def test_db_worker_delivers_and_defers_the_retry(settings: Any, receiver: Receiver) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    good = endpoint_for(receiver.url, "comment.held")
    endpoint_for(f"http://127.0.0.1:{DEAD_PORT}/gone", "comment.held")
    comment = CommentFactory()
    moderation.hold(moderator=make_moderator("maya"), comment=comment)
    assert receiver.received == []  # the action only stored a task
    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued.count("thoughtful.webhooks.tasks.emit_record") == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")

    (got,) = receiver.received
    payload = Webhook(good.secret).verify(got.body, got.headers)
    assert payload["type"] == "comment.held"
    assert payload["data"]["comment"]["id"] == comment.pk
    delivered = Delivery.objects.get(endpoint=good)
    assert delivered.status == Delivery.Status.DELIVERED
    dead = Delivery.objects.exclude(endpoint=good).get()
    assert dead.status == Delivery.Status.PENDING and dead.attempts == 1
    # Its retry is a deferred task, due at the first step of the schedule.
    retry = DBTaskResult.objects.filter(
        task_path="thoughtful.webhooks.tasks.deliver", status="READY"
    ).get()
    assert retry.run_after == dead.next_attempt_at
