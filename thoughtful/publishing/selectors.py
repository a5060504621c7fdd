"""Reads for publishing: what the pages and other apps ask about essays."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thoughtful.people import permissions as perms
from thoughtful.people.models import User
from thoughtful.publishing.models import (
    Credit,
    EditorialNote,
    Essay,
    EssayEvent,
    EssayRevision,
    Heart,
    SimilarEssay,
    Tag,
)
from thoughtful.publishing.workflow import WAITS_ON

# Below this cosine the texts share little more than common words.
MIN_SIMILARITY = 0.02


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
    """Editor picks first (in their order), then text similarity (TF-IDF, computed on publish),
    then published essays sharing the most tags, then the latest: at least `limit` whenever
    that many other essays are published."""
    picks = [
        p.pick
        for p in essay.picks.select_related("pick__featured_image", "pick__author")
        if p.pick.is_published
    ]
    result = picks[:limit]
    chosen = {essay.pk, *(p.pk for p in result)}

    def top_up(candidates: QuerySet[Essay]) -> None:
        for candidate in candidates.exclude(pk__in=chosen)[: limit - len(result)]:
            result.append(candidate)
            chosen.add(candidate.pk)

    if len(result) < limit:
        similar_ids = list(
            SimilarEssay.objects.filter(essay=essay, score__gt=MIN_SIMILARITY)
            .exclude(other_id__in=chosen)
            .order_by("-score")
            .values_list("other_id", flat=True)
        )
        found = {e.pk: e for e in published_essays().filter(pk__in=similar_ids)}
        for pk in similar_ids:
            if pk in found and len(result) < limit:
                result.append(found[pk])
                chosen.add(pk)
    if len(result) < limit:
        tag_ids = list(essay.tags.values_list("id", flat=True))
        top_up(
            published_essays()
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
            .filter(shared__gt=0)
            .order_by("-shared", "-published_at")
        )
    if len(result) < limit:
        top_up(published_essays())
    return result


def tags_in_use() -> QuerySet[Tag]:
    return (
        Tag.objects.annotate(
            n=Count("essays", filter=Q(essays__status=Essay.Status.PUBLISHED), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("name")
    )


def busiest_tags(*, limit: int) -> QuerySet[Tag]:
    """The topics with the most published essays: the header's navigation and the home
    page's sections."""
    return tags_in_use().order_by("-n", "name")[:limit]  # type: ignore[misc]  # n: annotated


def heart_count(essay: Essay) -> int:
    return essay.hearts.count()


def has_hearted(essay: Essay, person: object) -> bool:
    pk = getattr(person, "pk", None)
    return bool(pk) and Heart.objects.filter(essay=essay, person_id=pk).exists()


def essay_for_staff(pk: int) -> Essay | None:
    return (
        Essay.objects.select_related("author", "featured_image", "assignee")
        .prefetch_related("tags", "credits__person", "featured_image__renditions")
        .filter(pk=pk)
        .first()
    )


def events_for(essay: Essay) -> QuerySet[EssayEvent]:
    return essay.events.select_related("actor").order_by("-at", "-id")


def notes_for(essay: Essay) -> QuerySet[EditorialNote]:
    return essay.notes.select_related("author")


def revisions_for(essay: Essay) -> QuerySet[EssayRevision]:
    return essay.revisions.select_related("author").order_by("-created_at", "-id")


def _oldest_first(qs: QuerySet[Essay]) -> QuerySet[Essay]:
    return qs.select_related("author", "assignee").order_by("status_changed_at", "pk")


def desk(person: User) -> list[tuple[str, str, QuerySet[Essay]]]:
    """What waits for this person, by role: (heading, hint, essays oldest first)."""
    S = Essay.Status
    queues: list[tuple[str, str, QuerySet[Essay]]] = []
    if perms.can_write_essays(person):
        queues.append(
            (
                "Your essays in progress",
                "Drafts and essays returned to you with notes.",
                _oldest_first(
                    Essay.objects.filter(author=person, status__in=[S.DRAFT, S.RETURNED])
                ),
            )
        )
        queues.append(
            (
                "Your essays with the editors",
                "Where each of your submitted essays is now.",
                _oldest_first(
                    Essay.objects.filter(author=person).exclude(
                        status__in=[S.DRAFT, S.RETURNED, S.PUBLISHED, S.ARCHIVED]
                    )
                ),
            )
        )
    if perms.is_editor(person):
        queues += [
            (
                "Submitted: waiting for an editor",
                "Claim one to edit it.",
                _oldest_first(Essay.objects.filter(status=S.SUBMITTED)),
            ),
            (
                "In edit with you",
                "Essays you claimed.",
                _oldest_first(Essay.objects.filter(status=S.IN_EDIT, assignee=person)),
            ),
            (
                "Ready for approval",
                "Social copy written; approve and schedule.",
                _oldest_first(Essay.objects.filter(status__in=[S.READY, S.UNPUBLISHED])),
            ),
            (
                "Scheduled",
                "Going live on their own at the time shown.",
                _oldest_first(Essay.objects.filter(status=S.SCHEDULED)),
            ),
        ]
    if perms.is_copy_editor(person):
        queues.append(
            (
                "Copy edit",
                "Claim one, check it line by line, then send it on.",
                _oldest_first(
                    Essay.objects.filter(status=S.COPY_EDIT).filter(
                        Q(assignee__isnull=True) | Q(assignee=person)
                    )
                ),
            )
        )
    if perms.is_social_editor(person):
        queues.append(
            (
                "Social copy",
                "Write the share text and a blurb per channel.",
                _oldest_first(Essay.objects.filter(status=S.SOCIAL)),
            )
        )
    return queues


# The editors' board (issue 11): every essay in progress, in the order the workflow moves.
BOARD_STAGES: tuple[str, ...] = (
    Essay.Status.SUBMITTED,
    Essay.Status.IN_EDIT,
    Essay.Status.COPY_EDIT,
    Essay.Status.SOCIAL,
    Essay.Status.READY,
    Essay.Status.SCHEDULED,
    Essay.Status.RETURNED,
    Essay.Status.UNPUBLISHED,
)


def board() -> list[tuple[str, str, list[Essay]]]:
    """(status, its label, essays oldest in the stage first) for each stage, in one query."""
    by_stage: dict[str, list[Essay]] = {stage: [] for stage in BOARD_STAGES}
    for essay in _oldest_first(Essay.objects.filter(status__in=BOARD_STAGES)):
        by_stage[essay.status].append(essay)
    return [(stage, Essay.Status(stage).label, by_stage[stage]) for stage in BOARD_STAGES]


def waits_on(essay: Essay) -> str:
    return WAITS_ON.get(essay.status, "")


def overdue(essay: Essay) -> bool:
    return bool(essay.due_at and essay.due_at < timezone.now())
