from __future__ import annotations

from typing import Any

from django import template

from thoughtful.moderation.reasons import pipeline_label, reason_label, score_label
from thoughtful.people import permissions

register = template.Library()


@register.filter
def can_moderate(user: Any) -> bool:
    return permissions.can_moderate(user)


@register.filter
def pipeline_reason(code: str) -> str:
    return pipeline_label(code)


@register.filter
def score_name(code: str) -> str:
    """A scorer attribute in words: "attack_on_author" reads "Attack on author"."""
    return score_label(code)


@register.filter
def removal_reason(code: str) -> str:
    return reason_label(code)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, 0) if mapping else 0


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def duration(value: Any) -> str:
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
