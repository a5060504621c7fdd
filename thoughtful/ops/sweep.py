"""Tasks left RUNNING by a worker that died (kill -9, OOM, a lost machine) are retried.

django-tasks-db marks a task RUNNING when a worker claims it and appends the worker's id to
`worker_ids`; a worker that dies never finishes the row, and nothing else would. A task still
RUNNING after TASK_STUCK_AFTER_SECONDS goes back to READY, until it has been claimed
TASK_MAX_ATTEMPTS times; then it is marked FAILED with WorkerLost, where the admin shows it.
Our tasks take ids and are safe to run twice (emails go through ops.once), so a retry of a
task that was merely slow does no harm.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running this task stopped without finishing it."""


@dataclass(frozen=True)
class Swept:
    retried: int
    failed: int


def stuck_after() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "TASK_STUCK_AFTER_SECONDS", 600)))


def max_attempts() -> int:
    return int(getattr(settings, "TASK_MAX_ATTEMPTS", 3))


def sweep(*, now: datetime | None = None) -> Swept:
    moment = now or timezone.now()
    retried = failed = 0
    with transaction.atomic():
        stuck = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=moment - stuck_after())
            .order_by("started_at")
        )
        for row in stuck:
            if len(row.worker_ids or []) >= max_attempts():
                row.status = TaskResultStatus.FAILED
                row.finished_at = moment
                row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                row.traceback = (
                    f"WorkerLost: still running after {stuck_after()} on each of "
                    f"{len(row.worker_ids)} attempts (workers {', '.join(row.worker_ids)})"
                )
                row.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
                logger.error("task %s (%s) failed: worker lost", row.pk, row.task_path)
            else:
                row.status = TaskResultStatus.READY
                row.started_at = None
                row.run_after = moment
                row.save(update_fields=["status", "started_at", "run_after"])
                retried += 1
                logger.warning("task %s (%s) requeued: worker lost", row.pk, row.task_path)
    return Swept(retried=retried, failed=failed)
