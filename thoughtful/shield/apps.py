from datetime import timedelta

from django.apps import AppConfig


class ShieldConfig(AppConfig):
    name = "thoughtful.shield"
    label = "shield"

    def ready(self) -> None:
        # The shield plugs into discussion's extension points; discussion never imports it.
        from thoughtful import periodic
        from thoughtful.discussion import events
        from thoughtful.shield import actions, relationship, selectors, source, tasks

        events.provide_rules(selectors.rules_changes)
        events.provide_relationship(relationship.has_relationship)
        events.provide_source(source.current)
        events.provide_digest_instead(selectors.digest_instead)

        def _observe(comment_id: int) -> None:
            # Comment-posted listeners run in the worker, inside discussion's one task per
            # comment: nothing is added to the request (issue 9's budget is 2 ms per POST).
            if selectors.enabled():
                actions.observe_comment(comment_id=comment_id)

        events.on_comment_posted(_observe)
        periodic.register("shield.calm_sweep", every=timedelta(minutes=1), task=tasks.calm_sweep)
