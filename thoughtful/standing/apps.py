from datetime import timedelta

from django.apps import AppConfig


class StandingConfig(AppConfig):
    name = "thoughtful.standing"
    label = "standing"

    def ready(self) -> None:
        # Standing listens to discussion (a documented extension point), never the reverse.
        from thoughtful.discussion import events
        from thoughtful.discussion.models import Comment
        from thoughtful.standing.actions import current_score

        def _refresh_for_comment(comment_id: int) -> None:
            from thoughtful.standing.tasks import refresh_standing

            author_id = Comment.objects.filter(pk=comment_id).values_list("author_id", flat=True)
            for person_id in author_id:
                refresh_standing.enqueue(person_id)

        def _refresh_now(comment_id: int) -> None:
            # Already in the worker (the one task per posted comment): no second task.
            from thoughtful.standing.actions import recompute

            author_id = Comment.objects.filter(pk=comment_id).values_list("author_id", flat=True)
            for person_id in author_id:
                recompute(person_id=person_id)

        events.on_comment_posted(_refresh_now)
        events.on_reaction_changed(_refresh_for_comment)
        events.provide_author_score(current_score)

        # Deleting an account (issue 11): its score is recounted after its comments changed.
        from thoughtful.people import hooks

        def _recount_deleted(person: object) -> None:
            from thoughtful.standing.actions import recompute

            recompute(person_id=person.pk)  # type: ignore[attr-defined]

        hooks.deletion_step("standing.recompute", _recount_deleted, order=90)

        from thoughtful import periodic
        from thoughtful.standing.tasks import refresh_all_standing

        # Reads arrive without events: refresh every score hourly so reads count.
        periodic.register(
            "standing.refresh_all", every=timedelta(hours=1), task=refresh_all_standing
        )
