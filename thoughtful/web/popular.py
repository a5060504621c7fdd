"""The "Popular" list beside Latest on the home page.

    popularity = 3 × hearts + reads / 10 + 2 × published comments + 25 if an Editor's Pick
    over essays published in the last POPULAR_DAYS days (reads and hearts counted from then),

so one heart outweighs a few reads, a conversation counts, and the editors' judgement lifts an
essay without fixing it at the top. It sits in `web` because it reads both publishing and
discussion.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay
from thoughtful.publishing.selectors import published_essays

POPULAR_DAYS = 90


def popular_essays(*, limit: int = 5) -> list[Essay]:
    since = timezone.now() - timedelta(days=POPULAR_DAYS)
    candidates: list[Any] = list(
        published_essays()
        .filter(published_at__gte=since)
        .annotate(
            n_hearts=Count("hearts", distinct=True),
            n_comments=Count(
                "comments", filter=Q(comments__status=Comment.Status.PUBLISHED), distinct=True
            ),
        )
    )
    reads = dict(
        Essay.objects.filter(pk__in=[e.pk for e in candidates])
        .annotate(n=Sum("daily_reads__reads", filter=Q(daily_reads__day__gte=since.date())))
        .values_list("pk", "n")
    )

    def score(e: Any) -> float:
        return (
            3 * e.n_hearts
            + (reads.get(e.pk) or 0) / 10
            + 2 * e.n_comments
            + (25 if e.editors_pick else 0)
        )

    ranked = sorted(candidates, key=lambda e: (score(e), e.published_at), reverse=True)
    return [e for e in ranked if score(e) > 0][:limit]
