"""Comment views: thin wrappers over discussion.actions; the page itself is essay_page's."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thoughtful.discussion import access, actions, conf, notifications
from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.people.permissions import can_feature_comments
from thoughtful.publishing import selectors as publishing_selectors
from thoughtful.publishing.models import Essay
from thoughtful.web.essay_page import render_essay_page
from thoughtful.web.forms import CommentForm, EditCommentForm, ReportForm


def _essay_or_404(slug: str) -> Essay:
    essay = publishing_selectors.essay_for_page(slug)
    if essay is None:
        raise Http404("No essay here.")
    return essay


def _comment_or_404(request: HttpRequest, comment_id: int, *, listed: bool = False) -> Comment:
    """Through the visibility rule: what this reader may not see is a 404, like a missing id."""
    return access.access_comment(
        viewer=request.user,
        comment_id=comment_id,
        listed=listed,
        queryset=Comment.objects.select_related("essay", "author", "parent"),
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _lean_essay_or_404(slug: str) -> Essay:
    """Only what posting needs (issue 12: the post loaded the page's extra data); the rare
    answers that re-render the page load the rest with _page_essay."""
    essay = Essay.objects.published().select_related("author").filter(slug=slug).first()
    if essay is None:
        raise Http404("No essay here.")
    return essay


def _page_essay(essay: Essay) -> Essay:
    return publishing_selectors.essay_for_page(essay.slug) or essay


@login_required
@require_POST
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    essay = _lean_essay_or_404(slug)
    user: User = request.user  # type: ignore[assignment]
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_essay_page(request, _page_essay(essay), status=400, form=form)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = (
            Comment.objects.readable_by(user.pk)
            .filter(pk=form.cleaned_data["parent"], essay=essay)
            .first()
        )
        if parent is None:
            form.add_error(None, "The comment you replied to is no longer here.")
            return render_essay_page(request, _page_essay(essay), status=400, form=form)
    try:
        result = actions.post_comment(
            author=user,
            essay=essay,
            body=form.cleaned_data["body"],
            parent=parent,
            idempotency_key=form.cleaned_data.get("idempotency_key") or "",
            nudge_token=form.cleaned_data.get("nudge") or "",
            post_anyway=request.POST.get("choice") == "post_anyway",
        )
    except actions.CommentRefused as exc:
        form.add_error("body", exc)
        response = render_essay_page(
            request,
            _page_essay(essay),
            status=429 if exc.retry_after else 400,
            form=form,
            reply_to=parent,
        )
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        return render_essay_page(request, _page_essay(essay), status=400, form=form)

    if result.outcome == "nudged":
        assert result.nudge is not None
        nudged = CommentForm(
            initial={
                "body": result.nudge.body,
                "parent": parent.pk if parent else None,
                "nudge": str(result.nudge.token),
                "idempotency_key": form.cleaned_data.get("idempotency_key"),
            },
            nudged=True,
        )
        return render_essay_page(
            request,
            _page_essay(essay),
            nudge=result.nudge,
            form=nudged,
            nudge_message=result.message,
            reply_to=parent,
        )
    assert result.comment is not None
    level = messages.SUCCESS if result.outcome == Comment.Status.PUBLISHED else messages.INFO
    if not result.repeated:
        messages.add_message(request, level, result.message)
    return redirect(f"{essay.get_absolute_url()}?sort=latest#comment-{result.comment.pk}")


@require_GET
def thread(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    essay = _essay_or_404(slug)
    comment = _comment_or_404(request, comment_id, listed=True)
    viewer_id = access.viewer_id(request.user)
    if comment.essay_id != essay.pk:
        raise Http404("No such comment.")
    root = discussion_selectors.thread_of(comment, viewer_id=viewer_id)
    return render(
        request,
        "web/thread.html",
        {
            "essay": essay,
            "root": root,
            "thread_view": True,
            "can_feature": can_feature_comments(request.user),
            "thread": {"reacted_ids": reacted_ids(root, viewer_id)},
        },
    )


def reacted_ids(root: Comment, viewer_id: int | None) -> set[int]:
    if not viewer_id:
        return set()
    ids, stack = [], [root]
    while stack:
        node = stack.pop()
        ids.append(node.pk)
        stack.extend(getattr(node, "shown_replies", []))
    return discussion_selectors.reacted_by(viewer_id, ids)


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(request, comment_id)
    user: User = request.user  # type: ignore[assignment]
    if not actions.can_edit(user, comment):
        if comment.author_id == user.pk:
            # Their own comment, past the window: say so rather than "Forbidden" (issue 11).
            minutes = int(conf.site_value("EDIT_WINDOW_SECONDS")) // 60
            return render(
                request,
                "web/comment_edit_closed.html",
                {"comment": comment, "minutes": minutes},
                status=403,
            )
        raise PermissionDenied("Only the person who wrote a comment can edit it.")
    form = EditCommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = actions.edit_comment(
                person=user, comment=comment, body=form.cleaned_data["body"]
            )
        except actions.CommentRefused as exc:
            form.add_error("body", exc)
        else:
            if updated.status == Comment.Status.HELD:
                messages.info(request, "Your edit will appear once a moderator has read it.")
            else:
                messages.success(request, "Your comment is updated.")
            return redirect(updated.get_absolute_url())
    return render(
        request,
        "web/comment_edit.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    # Tombstones too: a second click on Delete lands back on the thread, not on a 404.
    comment = _comment_or_404(request, comment_id, listed=True)
    done = actions.delete_own_comment(person=request.user, comment=comment)  # type: ignore[arg-type]
    if done.status == Comment.Status.DELETED:
        messages.info(request, "Your comment is deleted. Replies to it stay in place.")
    else:
        messages.info(request, "Your comment is deleted.")
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def toggle_thoughtful(request: HttpRequest, comment_id: int) -> HttpResponse:
    try:
        comment = _comment_or_404(request, comment_id)
        reacted, count = actions.toggle_thoughtful(person=request.user, comment=comment)  # type: ignore[arg-type]
    except Http404:
        if _wants_json(request):
            return JsonResponse({"error": "No such comment."}, status=404)
        raise
    except PermissionDenied as exc:
        if _wants_json(request):
            return JsonResponse({"error": str(exc)}, status=403)
        raise
    if _wants_json(request):
        return JsonResponse({"reacted": reacted, "count": count})
    return redirect(comment.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(request, comment_id)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_comment(
                reporter=request.user,  # type: ignore[arg-type]
                comment=comment,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, "Thank you. A moderator will look at this comment.")
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "web/comment_report.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def feature_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(request, comment_id)
    featured = request.POST.get("featured", "1") == "1"
    try:
        actions.set_featured(person=request.user, comment=comment, featured=featured)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(comment.get_absolute_url())


@require_GET
def live(request: HttpRequest, slug: str) -> HttpResponse:
    """How many comments arrived since the reader's page loaded: polled with ETags, so an idle
    reader costs a 304 and two indexed lookups."""
    # A lean lookup: this endpoint is polled by every open page.
    essay = Essay.objects.published().only("pk", "slug").filter(slug=slug).first()
    if essay is None:
        raise Http404("No essay here.")
    try:
        since = max(0, int(request.GET.get("since", "0")))
    except ValueError:
        return JsonResponse({"error": "since must be a comment id"}, status=400)
    latest = discussion_selectors.latest_comment_id(essay)
    etag = '"' + hashlib.sha256(f"{essay.pk}:{since}:{latest}".encode()).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        count = discussion_selectors.new_since(essay, since) if latest > since else 0
        response = JsonResponse({"latest": latest, "new": count})
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


@csrf_exempt  # authenticated by the signed token in the URL, and RFC 8058 clients POST blind
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    parsed = notifications.read_unsubscribe_token(token)
    if parsed is None:
        return render(request, "web/unsubscribe.html", {"invalid": True}, status=400)
    person_id, kind = parsed
    if request.method == "POST":
        person = notifications.unsubscribe(person_id=person_id, kind=kind)
        if person is None:
            return render(request, "web/unsubscribe.html", {"invalid": True}, status=400)
        return render(
            request, "web/unsubscribe.html", {"done": True, "kind": kind, "person": person}
        )
    return render(request, "web/unsubscribe.html", {"kind": kind})
