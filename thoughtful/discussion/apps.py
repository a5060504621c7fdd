from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "thoughtful.discussion"
    label = "discussion"

    def ready(self) -> None:
        from thoughtful.discussion import events

        def _notify(comment_id: int) -> None:
            from thoughtful.discussion.tasks import notify_reply

            notify_reply.enqueue(comment_id)

        events.on_comment_posted(_notify)
