"""Template tags about people: the staff badges shown next to their names (issue 14)."""

from __future__ import annotations

from typing import Any

from django import template

from thoughtful.people.staff import badges_for

register = template.Library()


@register.inclusion_tag("people/partials/staff_badges.html")
def staff_badges(person: Any) -> dict[str, Any]:
    """Admin, Editor, Moderator: from roles, never from what the person calls themselves."""
    return {"badges": badges_for(getattr(person, "pk", None))}
