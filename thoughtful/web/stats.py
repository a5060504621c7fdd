"""Contributor stats: reads, comments, reactions and hearts per essay over time, and the
contribution score broken down. It lives in `web` (the top floor) because it combines
publishing's reads with discussion's comments and reactions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thoughtful.discussion.models import Comment, Reaction
from thoughtful.people.models import User
from thoughtful.publishing.models import DailyReads, Essay, Heart
from thoughtful.standing.formula import WEIGHTS, parts_for

DAYS = 30


@dataclass
class EssayStats:
    essay: Essay
    reads: int = 0
    comments: int = 0
    reactions: int = 0
    hearts: int = 0
    # One (day, reads, comments, reactions) row per day of the window, oldest first.
    days: list[tuple[date, int, int, int]] = field(default_factory=list)
    peak: int = 1


def stats_for(person: User, *, today: date | None = None) -> list[EssayStats]:
    today = today or timezone.localdate()
    start = today - timedelta(days=DAYS - 1)
    essays = list(Essay.objects.published().filter(author=person).order_by("-published_at"))
    ids = [e.pk for e in essays]
    published = Comment.objects.filter(essay_id__in=ids, status=Comment.Status.PUBLISHED)
    reactions = Reaction.objects.filter(comment__in=published)
    totals = {e.pk: EssayStats(essay=e) for e in essays}
    for pk, n in (
        DailyReads.objects.filter(essay_id__in=ids).values_list("essay").annotate(n=Sum("reads"))
    ):
        totals[pk].reads = int(n or 0)
    for pk, n in published.values_list("essay").annotate(n=Count("id")):
        totals[pk].comments = n
    for pk, n in reactions.values_list("comment__essay").annotate(n=Count("id")):
        totals[pk].reactions = n
    for pk, n in (
        Heart.objects.filter(essay_id__in=ids).values_list("essay").annotate(n=Count("id"))
    ):
        totals[pk].hearts = n

    reads: dict[tuple[int, date], int] = {}
    for pk, day, n in (
        DailyReads.objects.filter(essay_id__in=ids, day__gte=start)
        .values_list("essay", "day")
        .annotate(n=Sum("reads"))
    ):
        reads[(pk, day)] = int(n or 0)
    comments: dict[tuple[int, date], int] = {}
    for pk, day, n in (
        published.filter(created_at__date__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values_list("essay", "day")
        .annotate(n=Count("id"))
    ):
        comments[(pk, day)] = n
    reacted: dict[tuple[int, date], int] = {}
    for pk, day, n in (
        reactions.filter(created_at__date__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values_list("comment__essay", "day")
        .annotate(n=Count("id"))
    ):
        reacted[(pk, day)] = n
    for pk, item in totals.items():
        for offset in range(DAYS):
            day = start + timedelta(days=offset)
            item.days.append(
                (
                    day,
                    reads.get((pk, day), 0),
                    comments.get((pk, day), 0),
                    reacted.get((pk, day), 0),
                )
            )
        item.peak = max([1, *(r for _, r, _, _ in item.days)])
    return list(totals.values())


@login_required
@require_GET
def contributor_stats(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, User)
    parts = parts_for(person.pk)
    return render(
        request,
        "web/stats.html",
        {"stats": stats_for(person), "parts": parts, "weights": WEIGHTS, "days": DAYS},
    )
