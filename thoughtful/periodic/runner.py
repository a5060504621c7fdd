"""Enqueue every registered job that is due. `now` is a parameter so tests control the clock."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone

from thoughtful.periodic.models import PeriodicRun
from thoughtful.periodic.registry import Job, jobs


def claim(job: Job, now: datetime) -> bool:
    """Mark the job as run at `now` if it is due; True for exactly one caller per period."""
    row, _ = PeriodicRun.objects.get_or_create(name=job.name)
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - job.every)
    return bool(
        PeriodicRun.objects.filter(due, pk=row.pk).update(last_run_at=now, runs=F("runs") + 1)
    )


def run_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue the due jobs; returns their names."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        if claim(job, now):
            job.task.enqueue()
            ran.append(job.name)
    return ran
