"""Moderation's part of "export my data" (issue 11): the person's sanctions and appeals, as the
person sees them on the site. Moderators' private notes and names stay out."""

from __future__ import annotations

from typing import Any

from thoughtful.moderation.models import Appeal, Sanction
from thoughtful.people.models import User


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_sanctions(person: User) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "kind": s.kind,
            "status": s.status,
            "reason": s.reason,
            "comment_id": s.comment_id,
            "starts_at": _when(s.starts_at),
            "ends_at": _when(s.ends_at),
            "lifted_at": _when(s.lifted_at),
            "lift_reason": s.lift_reason,
        }
        for s in Sanction.objects.filter(person=person).order_by("starts_at", "id")
    ]


def export_appeals(person: User) -> list[dict[str, Any]]:
    return [
        {
            "sanction_id": a.sanction_id,
            "text": a.text,
            "status": a.status,
            "created_at": _when(a.created_at),
            "decided_at": _when(a.decided_at),
            "decision_note": a.decision_note,
        }
        for a in Appeal.objects.filter(sanction__person=person).order_by("created_at", "id")
    ]
