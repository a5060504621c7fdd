"""The real task path: django-tasks-db stores the task, `db_worker` runs it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.factories import EssayFactory
from thoughtful.standing.models import Standing
from thoughtful.standing.tasks import refresh_standing

pytestmark = pytest.mark.django_db(transaction=True)


def test_db_worker_runs_an_enqueued_task(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    essay = EssayFactory()
    result = refresh_standing.using(backend="default").enqueue(essay.author_id)
    assert not Standing.objects.filter(person=essay.author).exists()  # queued, not run

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")

    result.refresh()
    assert result.status.name == "SUCCESSFUL"
    assert Standing.objects.get(person=essay.author).score == 100
