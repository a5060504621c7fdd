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
            # Runs in the worker, inside the one task per comment (events.py).
            from thoughtful.discussion.notifications import send_reply_notification

            send_reply_notification(comment_id)

        events.on_comment_posted(_notify)
        _bump_threads_on_change()
        _register_account_hooks()


def _register_account_hooks() -> None:
    # Exporting and deleting an account (issue 11): people's hooks, so people imports nothing.
    from thoughtful.discussion import account
    from thoughtful.people import hooks

    hooks.export_section("comments", account.export_comments)
    hooks.export_section("reactions", account.export_reactions)
    hooks.export_section("reports", account.export_reports)
    hooks.deletion_step("discussion.comments", account.delete_comments, order=10)


def _bump_threads_on_change() -> None:
    # Cache invalidation is what signals are for (GUIDE.md): every saved or deleted comment or
    # reaction moves its essay's thread version (thoughtful/discussion/versions.py).
    from django.db.models.signals import post_delete, post_save

    from thoughtful.discussion.models import Comment, Reaction
    from thoughtful.discussion.versions import bump_thread

    def comment_changed(sender: type, instance: Comment, **kwargs: object) -> None:
        bump_thread(instance.essay_id)

    def reaction_changed(sender: type, instance: Reaction, **kwargs: object) -> None:
        essay_id = (
            Comment.objects.filter(pk=instance.comment_id)
            .values_list("essay_id", flat=True)
            .first()
        )
        if essay_id:
            bump_thread(essay_id)

    for signal in (post_save, post_delete):
        signal.connect(
            comment_changed, sender=Comment, weak=False, dispatch_uid=f"thread-{signal}-c"
        )
        signal.connect(
            reaction_changed, sender=Reaction, weak=False, dispatch_uid=f"thread-{signal}-r"
        )
