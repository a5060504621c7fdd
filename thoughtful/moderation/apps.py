from datetime import timedelta

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "thoughtful.moderation"
    label = "moderation"

    def ready(self) -> None:
        # Moderation listens to discussion's extension points; discussion never imports it.
        from thoughtful import periodic
        from thoughtful.discussion import events
        from thoughtful.moderation import learning, tasks, trust

        periodic.register(
            "moderation.expire_sanctions", every=timedelta(minutes=5), task=tasks.expire_sanctions
        )

        # "Export my data" (issue 11) includes the person's sanctions and appeals.
        from thoughtful.moderation import account
        from thoughtful.people import hooks

        hooks.export_section("sanctions", account.export_sanctions)
        hooks.export_section("appeals", account.export_appeals)

        events.provide_trust(trust.skips_new_commenter_hold)
        events.on_comment_posted(trust.after_comment_posted)
        # Moderators' decisions teach the scorer's site layer (issue 10).
        events.on_comment_decided(learning.label_decision)
