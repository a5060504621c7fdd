"""Background work for operations."""

from __future__ import annotations

from django.tasks import task

from thoughtful.ops import once, sweep


@task()
def sweep_stuck_tasks() -> dict[str, int]:
    swept = sweep.sweep()
    pruned = once.prune()
    return {"retried": swept.retried, "failed": swept.failed, "pruned": pruned}
