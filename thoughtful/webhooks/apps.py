from datetime import timedelta

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "thoughtful.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        # Webhooks listen; no app imports them (sources.py says where each event comes from).
        from thoughtful import periodic
        from thoughtful.discussion import events
        from thoughtful.webhooks import sources, tasks

        events.on_comment_posted(sources.comment_posted)
        sources.connect()
        # Retries whose deferred task was lost, and every retry on a backend that cannot defer.
        periodic.register(
            "webhooks.deliver_due", every=timedelta(seconds=30), task=tasks.deliver_due
        )
