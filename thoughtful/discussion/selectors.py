from __future__ import annotations

from django.db.models import QuerySet

from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay


def comments_for_page(essay: Essay, *, limit: int = 50) -> QuerySet[Comment]:
    """Top-level comments, newest first (the discussion issue adds sorts, threads, paging)."""
    return (
        Comment.objects.visible()
        .filter(essay=essay, parent__isnull=True)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )


def comment_count(essay: Essay) -> int:
    return Comment.objects.filter(essay=essay, status=Comment.Status.PUBLISHED).count()
