from __future__ import annotations

import uuid
from typing import Any

from django import template

from thoughtful.discussion import actions
from thoughtful.discussion.models import MAX_DISPLAY_DEPTH

register = template.Library()


@register.filter
def editable_by(comment: Any, person: Any) -> bool:
    return actions.can_edit(person, comment)


@register.simple_tag
def new_idempotency_key() -> str:
    return uuid.uuid4().hex


@register.simple_tag
def max_display_depth() -> int:
    return MAX_DISPLAY_DEPTH


@register.filter
def hidden_replies(comment: Any) -> int:
    """Replies that exist but are not shown under this comment on this page."""
    shown = len(getattr(comment, "shown_replies", []) or [])
    return max(0, int(comment.reply_count) - shown)
