from __future__ import annotations

from django.utils import timezone

from thoughtful.discussion.models import Comment
from thoughtful.standing.formula import parts_for
from thoughtful.standing.models import Standing


def recompute(*, person_id: int) -> Standing:
    parts = parts_for(person_id)
    standing, _ = Standing.objects.update_or_create(
        person_id=person_id,
        defaults={"score": parts.score, "parts": parts.as_dict(), "computed_at": timezone.now()},
    )
    # Comments keep their writer's score as a sort key ("Top Contributors").
    Comment.objects.filter(author_id=person_id).exclude(author_score=parts.score).update(
        author_score=parts.score
    )
    return standing


def current_score(person_id: int) -> int:
    return Standing.objects.filter(person_id=person_id).values_list("score", flat=True).first() or 0
