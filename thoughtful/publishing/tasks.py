"""Background work for publishing. Tasks take ids and call actions; they are enqueued after
commit by publishing.actions, or by the periodic runner (publishing/apps.py registers them)."""

from __future__ import annotations

from django.tasks import task


@task()
def notify_event(event_id: int) -> int:
    from thoughtful.publishing.models import EssayEvent
    from thoughtful.publishing.notifications import send

    event = EssayEvent.objects.select_related("essay__author", "actor").filter(pk=event_id).first()
    return send(event) if event else 0


@task()
def publish_scheduled(essay_id: int) -> bool:
    """Runs at the scheduled time (where the backend can defer); the sweep is the safety net."""
    from thoughtful.publishing import actions

    return actions.publish_if_due(essay_id=essay_id)


@task()
def publish_due() -> list[int]:
    """The sweep: publish every scheduled essay whose time has passed (catches up downtime)."""
    from thoughtful.publishing import actions

    return actions.publish_due()


@task()
def recompute_similar() -> int:
    from thoughtful.publishing import actions

    return actions.recompute_similar()


@task()
def make_renditions(image_id: int) -> int:
    from thoughtful.publishing import actions

    return actions.make_renditions(image_id=image_id)


@task()
def prune_revisions() -> int:
    from thoughtful.publishing import actions

    return actions.prune_revisions()
