from __future__ import annotations

from django.utils import timezone

from thoughtful.standing.formula import parts_for
from thoughtful.standing.models import Standing


def recompute(*, person_id: int) -> Standing:
    parts = parts_for(person_id)
    standing, _ = Standing.objects.update_or_create(
        person_id=person_id,
        defaults={"score": parts.score, "parts": parts.as_dict(), "computed_at": timezone.now()},
    )
    return standing
