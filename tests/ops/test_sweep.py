"""Tasks left RUNNING by a dead worker are retried, then failed; a retried email is sent once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import notifications
from thoughtful.ops import sweep
from thoughtful.standing.tasks import refresh_all_standing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def db_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _left_running(*, minutes_ago: int, attempts: int) -> DBTaskResult:
    result = refresh_all_standing.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(minutes=minutes_ago)
    row.worker_ids = [f"dead-worker-{i}" for i in range(attempts)]
    row.save()
    return row


def test_a_stuck_task_is_requeued_and_then_runs(db_tasks: None) -> None:
    row = _left_running(minutes_ago=30, attempts=1)
    fresh = _left_running(minutes_ago=1, attempts=1)  # may still be running: left alone
    swept = sweep.sweep()
    assert (swept.retried, swept.failed) == (1, 0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.started_at is None
    fresh.refresh_from_db()
    assert fresh.status == TaskResultStatus.RUNNING
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(row.worker_ids) == 2  # the dead worker's claim and the retry's


def test_a_task_that_keeps_losing_its_worker_is_marked_failed(
    db_tasks: None, settings: Any
) -> None:
    settings.TASK_MAX_ATTEMPTS = 3
    row = _left_running(minutes_ago=30, attempts=3)
    swept = sweep.sweep()
    assert (swept.retried, swept.failed) == (0, 1)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "thoughtful.ops.sweep.WorkerLost"
    assert "dead-worker-2" in row.traceback


def test_the_sweep_is_a_periodic_job() -> None:
    from thoughtful.periodic.registry import jobs

    assert "ops.sweep_stuck_tasks" in {job.name for job in jobs()}


def test_a_reply_email_task_run_twice_sends_once() -> None:
    essay = EssayFactory()
    parent = CommentFactory(essay=essay, author=UserFactory(email_verified_at=timezone.now()))
    reply = CommentFactory(essay=essay, parent=parent)
    assert notifications.send_reply_notification(reply.pk) is True
    assert notifications.send_reply_notification(reply.pk) is True  # the retry after a crash
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [parent.author.email]


def test_a_failed_send_is_not_marked_done(monkeypatch: pytest.MonkeyPatch) -> None:
    essay = EssayFactory()
    verified = UserFactory(email_verified_at=timezone.now())
    reply = CommentFactory(essay=essay, parent=CommentFactory(essay=essay, author=verified))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_email", broken)
    with pytest.raises(ConnectionRefusedError):
        notifications.send_reply_notification(reply.pk)
    monkeypatch.undo()
    assert notifications.send_reply_notification(reply.pk) is True  # the retry sends it
    assert len(mail.outbox) == 1
