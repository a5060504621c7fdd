from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from thoughtful.people.models import User
from thoughtful.standing.models import Standing

# Reads keep arriving without events; a score older than this is refreshed in the background.
STALE_AFTER = timedelta(hours=1)


def score_of(person: User) -> int:
    standing = Standing.objects.filter(person=person).first()
    if standing is None or standing.computed_at < timezone.now() - STALE_AFTER:
        request_refresh(person.pk)
    return standing.score if standing else 0


def request_refresh(person_id: int) -> None:
    # cache.add makes "enqueue at most once per ten minutes per person" cheap for busy pages.
    if cache.add(f"standing-refresh:{person_id}", 1, timeout=600):
        from thoughtful.standing.tasks import refresh_standing

        refresh_standing.enqueue(person_id)


def top_contributors(*, limit: int = 5) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, standing__score__gt=0)
        .select_related("standing")
        .order_by("-standing__score", "username")[:limit]
    )


def scores_for(person_ids: list[int]) -> dict[int, int]:
    return dict(Standing.objects.filter(person_id__in=person_ids).values_list("person_id", "score"))
