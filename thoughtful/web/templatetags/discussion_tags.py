from __future__ import annotations

import uuid
from functools import cache, lru_cache
from typing import Any

from django import template
from django.urls import reverse

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


# Each comment on a page links to six actions; reversing each URL per comment costs more than
# rendering the comment. Reverse each pattern once per process with a placeholder id instead.
_PLACEHOLDER = 987654321
_COMMENT_ROUTES = {
    "edit": "web:comment-edit",
    "delete": "web:comment-delete",
    "thoughtful": "web:comment-thoughtful",
    "report": "web:comment-report",
    "feature": "web:comment-feature",
}


@cache
def _pattern(name: str) -> tuple[str, str]:
    path = reverse(_COMMENT_ROUTES[name], args=[_PLACEHOLDER])
    head, _, tail = path.partition(str(_PLACEHOLDER))
    return head, tail


@register.filter
def comment_path(comment: Any, name: str) -> str:
    head, tail = _pattern(name)
    return f"{head}{int(comment.pk)}{tail}"


@lru_cache(maxsize=1024)
def _thread_pattern(slug: str) -> tuple[str, str]:
    path = reverse("web:thread", args=[slug, _PLACEHOLDER])
    head, _, tail = path.partition(str(_PLACEHOLDER))
    return head, tail


@register.simple_tag
def thread_path(essay: Any, comment: Any) -> str:
    head, tail = _thread_pattern(essay.slug)
    return f"{head}{int(comment.pk)}{tail}"


@register.simple_tag
def post_comment_path(essay: Any) -> str:
    return _post_pattern(essay.slug)


@lru_cache(maxsize=1024)
def _post_pattern(slug: str) -> str:
    return reverse("web:post-comment", args=[slug])


@register.simple_tag
@cache
def guidelines_path() -> str:
    """The community guidelines, linked from every reply box: reversed once, not per comment."""
    return reverse("web:guidelines")
