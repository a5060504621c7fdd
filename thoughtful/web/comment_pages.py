"""Reading comments without the essay page (issue 12): one page of a thread, as JSON or as an
HTML fragment, with the same sorts and cursors as the page.

Anonymous readers all see the same thing, so their pages come from a cache keyed by the
thread's version (thoughtful/discussion/versions.py): a new comment, a reaction or a decision
moves the version, and the next read renders afresh. A signed-in reader also sees their own
held comments and reactions, so theirs are rendered for them.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.discussion.models import Comment
from thoughtful.discussion.versions import cached_for_thread
from thoughtful.people.permissions import can_feature_comments
from thoughtful.publishing.models import Essay

SHARED_MAX_AGE = 10  # seconds a shared cache (nginx) may keep an anonymous page


def _comment_json(comment: Comment) -> dict[str, Any]:
    deleted = comment.status == Comment.Status.DELETED
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "depth": comment.depth,
        "status": comment.status,
        "author": None
        if deleted
        else {
            "username": comment.author.username,
            "name": comment.author.public_name,
            "url": comment.author.get_absolute_url(),
        },
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "body_html": "" if deleted else comment.body_html,
        "thoughtful": comment.thoughtful_count,
        "replies": comment.reply_count,
        "featured": comment.featured_at is not None,
        "shown_replies": [_comment_json(r) for r in getattr(comment, "shown_replies", [])],
    }


def _render(
    request: HttpRequest,
    essay: Essay,
    viewer_id: int | None,
    sort: str,
    cursor: str | None,
    fmt: str,
) -> tuple[str, str]:
    """(content type, body) of one page; raises BadCursor."""
    thread = discussion_selectors.thread_page(essay, viewer_id=viewer_id, sort=sort, cursor=cursor)
    if fmt == "json":
        body = json.dumps(
            {
                "essay": essay.slug,
                "sort": thread.sort,
                "count": discussion_selectors.comment_count(essay),
                "next_cursor": thread.next_cursor,
                "comments": [_comment_json(c) for c in thread.comments],
            },
            separators=(",", ":"),
        )
        return "application/json", body
    html = render_to_string(
        "partials/comment_page.html",
        {
            "essay": essay,
            "thread": thread,
            "can_feature": can_feature_comments(request.user),
        },
        request=request if viewer_id else None,
    )
    return "text/html; charset=utf-8", html


@require_GET
def comments_page(request: HttpRequest, slug: str) -> HttpResponse:
    essay = Essay.objects.published().select_related("author").filter(slug=slug).first()
    if essay is None:
        raise Http404("No essay here.")
    sort = request.GET.get("sort", discussion_selectors.DEFAULT_SORT)
    if sort not in discussion_selectors.SORTS:
        sort = discussion_selectors.DEFAULT_SORT
    cursor = request.GET.get("after") or None
    wants_json = request.GET.get("format") == "json" or "application/json" in request.headers.get(
        "Accept", ""
    )
    fmt = "json" if wants_json else "html"
    viewer_id = request.user.pk if request.user.is_authenticated else None
    try:
        if viewer_id is None:
            content_type, body = cached_for_thread(
                essay.pk,
                f"page:{fmt}:{sort}:{cursor or ''}",
                lambda: _render(request, essay, None, sort, cursor, fmt),
            )
        else:
            content_type, body = _render(request, essay, viewer_id, sort, cursor, fmt)
    except discussion_selectors.BadCursor as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    response = HttpResponse(body, content_type=content_type)
    response["Vary"] = "Accept, Cookie"
    if viewer_id is None:
        patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
