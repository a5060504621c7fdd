"""The essay page's context: the essay, its credits and related reads, and its discussion.

Shared by the page view and the comment views that re-render the page (a refused comment, a
nudge), so the writer's text and the prompt appear in place.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.discussion.models import Comment, Nudge, Report
from thoughtful.people import permissions
from thoughtful.publishing import selectors as publishing_selectors
from thoughtful.publishing.models import Essay
from thoughtful.shield import conf as shield_conf
from thoughtful.shield import selectors as shield_selectors
from thoughtful.standing import selectors as standing_selectors
from thoughtful.web.forms import CommentForm


def essay_context(request: HttpRequest, essay: Essay, **extra: Any) -> dict[str, Any]:
    viewer_id = request.user.pk if request.user.is_authenticated else None
    sort = request.GET.get("sort", discussion_selectors.DEFAULT_SORT)
    cursor = request.GET.get("after") or None
    cursor_error = ""
    try:
        thread = discussion_selectors.thread_page(
            essay, viewer_id=viewer_id, sort=sort, cursor=cursor
        )
    except discussion_selectors.BadCursor as exc:
        cursor_error = str(exc)
        thread = discussion_selectors.thread_page(essay, viewer_id=viewer_id, sort=sort)
    # The shield (issue 9): collapsed comments from new accounts for readers at Shield and
    # above; the author's calm view (hostile folded, a digest line) on their own essay.
    shield = shield_selectors.discussion_view(
        essay=essay,
        viewer_id=viewer_id,
        comments=list(thread.comments),
        show=request.GET.get("show", ""),
    )
    if shield["is_author"]:
        rank = shield_conf.rank(shield["level"])
        shield["can_raise_to"] = list(shield_conf.LEVELS[rank + 1 :])
    if shield["level"] == "lockdown":
        shield["notice"] = shield_conf.value("LOCKDOWN_NOTICE")
    context: dict[str, Any] = {
        "shield": shield,
        "essay": essay,
        "credits": publishing_selectors.credits_in_order(essay),
        "related": publishing_selectors.related_reads(essay),
        "thread": thread,
        "sorts": [(key, label) for key, (label, _) in discussion_selectors.SORTS.items()],
        "is_later_page": bool(cursor) and not cursor_error,
        "cursor_error": cursor_error,
        "comment_count": discussion_selectors.comment_count(essay),
        "latest_comment_id": discussion_selectors.latest_comment_id(essay),
        "author_score": standing_selectors.score_of(essay.author),
        "form": CommentForm(),
        "can_feature": permissions.can_feature_comments(request.user),
        "report_reasons": Report.Reason.choices,
        "Status": Comment.Status,
    }
    context.update(extra)
    return context


def render_essay_page(
    request: HttpRequest,
    essay: Essay,
    *,
    status: int = 200,
    nudge: Nudge | None = None,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "web/essay.html",
        essay_context(request, essay, nudge=nudge, **extra),
        status=status,
    )
