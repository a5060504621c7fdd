"""Template tags about people: the staff badges shown next to their names (issue 14)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from thoughtful.people.staff import badge_map

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_badges(context: template.Context, person: Any) -> SafeString | str:
    """Admin, Editor, Moderator: from roles, never from what the person calls themselves.

    A thread page asks once per comment; the badge map is read once per request (one cache
    read, not one per comment).
    """
    request = context.get("request")
    badges_by_id: dict[int, tuple[str, ...]] | None = getattr(request, "_staff_badges", None)
    if badges_by_id is None:
        badges_by_id = badge_map()
        if request is not None:
            request._staff_badges = badges_by_id
    badges = badges_by_id.get(getattr(person, "pk", None) or 0, ())
    if not badges:
        return ""
    site = settings.SITE_NAME
    return format_html_join(
        "",
        '<span class="badge badge-staff badge-{}" title="{} staff: {}">{}</span>',
        ((badge.lower(), site, badge, badge) for badge in badges),
    )
