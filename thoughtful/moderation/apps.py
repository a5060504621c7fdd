from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "thoughtful.moderation"
    label = "moderation"

    def ready(self) -> None:
        # Moderation listens to discussion's extension points; discussion never imports it.
        from thoughtful.discussion import events
        from thoughtful.moderation import trust

        events.provide_trust(trust.skips_new_commenter_hold)
        events.on_comment_posted(trust.after_comment_posted)
