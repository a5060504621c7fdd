from datetime import timedelta

from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "thoughtful.discussion"
    label = "discussion"

    def ready(self) -> None:
        from thoughtful import periodic
        from thoughtful.discussion import events, tasks

        periodic.register(
            "discussion.daily_digests", every=timedelta(days=1), task=tasks.send_daily_digests
        )
        # Nudges nobody came back to count as abandoned after an hour (moderators' counts).
        periodic.register(
            "discussion.abandon_stale_nudges",
            every=timedelta(minutes=10),
            task=tasks.abandon_stale_nudges,
        )

        def _notify(comment_id: int) -> None:
            from thoughtful.discussion.tasks import notify_reply

            notify_reply.enqueue(comment_id)

        events.on_comment_posted(_notify)
