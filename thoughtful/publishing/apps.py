from datetime import timedelta

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "thoughtful.publishing"
    label = "publishing"

    def ready(self) -> None:
        from thoughtful import periodic
        from thoughtful.publishing import tasks

        # A scheduled essay goes live within a minute of its time even when its own delayed
        # task was lost (worker down, backend without run_after): run_periodic polls every 20 s.
        periodic.register(
            "publishing.publish_due", every=timedelta(seconds=30), task=tasks.publish_due
        )
        periodic.register(
            "publishing.prune_revisions", every=timedelta(days=1), task=tasks.prune_revisions
        )
