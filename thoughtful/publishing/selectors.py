"""Reads for publishing: what the pages and other apps ask about essays."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from thoughtful.publishing.models import Credit, Essay, Tag


def published_essays() -> QuerySet[Essay]:
    return (
        Essay.objects.published()
        .select_related("author", "featured_image")
        .prefetch_related("tags")
    )


def essay_for_page(slug: str) -> Essay | None:
    return published_essays().prefetch_related("credits__person").filter(slug=slug).first()


def credits_in_order(essay: Essay) -> list[Credit]:
    by_role = {credit.role: credit for credit in essay.credits.all()}
    return [by_role[role] for role in Credit.ORDER if role in by_role]


def related_reads(essay: Essay, *, limit: int = 4) -> list[Essay]:
    """Editor picks first (in their order), then published essays sharing the most tags."""
    picks = [
        p.pick
        for p in essay.picks.select_related("pick__featured_image", "pick__author")
        if p.pick.is_published
    ]
    chosen = {essay.pk, *(p.pk for p in picks)}
    result = picks[:limit]
    if len(result) < limit:
        tag_ids = list(essay.tags.values_list("id", flat=True))
        similar = (
            published_essays()
            .exclude(pk__in=chosen)
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
            .filter(shared__gt=0)
            .order_by("-shared", "-published_at")[: limit - len(result)]
        )
        result.extend(similar)
    return result


def tags_in_use() -> QuerySet[Tag]:
    return (
        Tag.objects.annotate(
            n=Count("essays", filter=Q(essays__status=Essay.Status.PUBLISHED), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("name")
    )
