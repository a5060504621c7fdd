from datetime import timedelta

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health checks, the stuck-task sweep, the cache fallback table (issue 12)."""

    name = "thoughtful.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from thoughtful import periodic
        from thoughtful.ops import tasks

        periodic.register(
            "ops.sweep_stuck_tasks", every=timedelta(minutes=2), task=tasks.sweep_stuck_tasks
        )
