"""Comments: thread pages, and post / edit / delete / react / report through
discussion.actions, the same calls the pages make (thoughtful/web/comment_views.py), so the
pipeline, its refusals, the nudge and holds are the pages' own, said in JSON:

- published or held: 201 with `status` "published" or "held" (a held comment appears once a
  moderator has read it; its writer sees it in the thread meanwhile);
- nudged: 409 with code "nudge" and a `nudge` object: post again with `nudge` set to its token
  and either an edited `body` or `post_anyway: true` (a moderator then reads it first);
- refused (nothing stored): the pipeline's own code, 429 with Retry-After when waiting helps
  (rate_limited, slow_mode), 403 when this person may not comment here (banned, suspended,
  closed, members only), 409 for a duplicate, else 422.

What a reader may see is discussion.access's rule: hidden comments are 404s like unused ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field, field_validator

from thoughtful.api import auth
from thoughtful.api.errors import ApiError, ErrorBody, ErrorOut
from thoughtful.api.schemas import PersonRef, person_ref
from thoughtful.discussion import access, actions
from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.discussion.models import Comment, Report
from thoughtful.publishing.models import Essay
from thoughtful.security.text import clean_text
from thoughtful.tokens.models import Scope

router = Router(tags=["comments"])

Sort = Literal["top", "latest", "oldest", "thoughtful"]
ReportReason = Literal["unkind", "hate", "threat", "spam", "off_topic", "other"]
assert set(ReportReason.__args__) == set(Report.Reason.values)  # type: ignore[attr-defined]
assert set(Sort.__args__) == set(discussion_selectors.SORTS)  # type: ignore[attr-defined]

# Refusals where this person may not comment here at all (403), and where trying again is not
# the answer (409); the rest are about the text (422). Waiting helps when there's a retry_after.
FORBIDDEN_CODES = frozenset(
    {"person_banned", "person_suspended", "essay_closed", "essay_members_only"}
)
CONFLICT_CODES = frozenset({"duplicate", "parent_gone"})


class CommentOut(Schema):
    id: int
    essay: str
    parent: int | None
    depth: int
    status: str
    author: PersonRef | None  # None on a tombstone
    created_at: datetime
    edited_at: datetime | None
    body_html: str
    thoughtful: int
    replies: int
    featured: bool
    reacted: bool
    url: str
    shown_replies: list[CommentOut]


CommentOut.model_rebuild()


class ThreadPageOut(Schema):
    essay: str
    sort: str
    count: int
    next_cursor: str | None
    featured: list[CommentOut]
    comments: list[CommentOut]


def _text(value: str) -> str:
    # The same cleaning as every form (security.text): control characters go.
    return clean_text(value, multiline=True)[0]


class CommentIn(Schema):
    body: str = Field(max_length=20_000)
    parent: int | None = Field(default=None, ge=1, le=2**62)
    idempotency_key: str = Field(default="", max_length=64)
    nudge: str = Field(default="", max_length=64)
    post_anyway: bool = False

    @field_validator("body")
    @classmethod
    def _clean(cls, value: str) -> str:
        return _text(value)


class EditIn(Schema):
    body: str = Field(max_length=20_000)

    @field_validator("body")
    @classmethod
    def _clean(cls, value: str) -> str:
        return _text(value)


class ReportIn(Schema):
    reason: ReportReason
    text: str = Field(default="", max_length=500)

    @field_validator("text")
    @classmethod
    def _clean(cls, value: str) -> str:
        return _text(value)


class PostedOut(Schema):
    status: str  # "published", "held" or "rejected"
    message: str
    repeated: bool
    comment: CommentOut


class NudgeBody(Schema):
    token: str
    message: str
    text: str
    reasons: list[str]


class ConflictOut(Schema):
    """A 409: the error, and with code "nudge" the nudge to answer."""

    error: ErrorBody
    detail: Any = None
    nudge: NudgeBody | None = None


class ReactionOut(Schema):
    reacted: bool
    count: int


class DeletedOut(Schema):
    id: int
    status: str
    deleted: bool


class ReportedOut(Schema):
    ok: bool
    message: str


def comment_json(comment: Comment, reacted: set[int], essay_slug: str) -> dict[str, Any]:
    tombstone = comment.status == Comment.Status.DELETED
    return {
        "id": comment.pk,
        "essay": essay_slug,
        "parent": comment.parent_id,
        "depth": comment.depth,
        "status": comment.status,
        "author": None if tombstone else person_ref(comment.author),
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "body_html": "" if tombstone else comment.body_html,
        "thoughtful": comment.thoughtful_count,
        "replies": comment.reply_count,
        "featured": comment.featured_at is not None,
        "reacted": comment.pk in reacted,
        "url": f"/essays/{essay_slug}/comments/{comment.pk}/",
        "shown_replies": [
            comment_json(r, reacted, essay_slug) for r in getattr(comment, "shown_replies", [])
        ],
    }


def _viewer_id(request: HttpRequest) -> int | None:
    """Whose view of the thread: the caller's (their held comments, their reactions) with the
    read scope; without it (a write-only token, nobody) the public's."""
    caller = auth.caller_of(request)
    if Scope.READ not in caller.scopes:
        return None
    return access.viewer_id(caller.person)


def _published_essay(slug: str) -> Essay:
    essay = Essay.objects.published().select_related("author").filter(slug=slug).first()
    if essay is None:
        raise ApiError(404, "not_found", "No essay here.")
    return essay


def _refused(exc: actions.CommentRefused) -> ApiError:
    code = str(exc.code or "refused")
    message = exc.messages[0]
    if exc.retry_after:
        return ApiError(429, code, message, headers={"Retry-After": str(int(exc.retry_after))})
    if code in FORBIDDEN_CODES:
        return ApiError(403, code, message)
    if code in CONFLICT_CODES:
        return ApiError(409, code, message)
    return ApiError(422, code, message)


@router.get(
    "/essays/{slug}/comments",
    auth=auth.public(),
    response={200: ThreadPageOut, 400: ErrorOut, 404: ErrorOut},
    summary="A page of an essay's comments",
    description=(
        "Top-level comments in `sort` order with their first replies, as on the essay's page "
        "(the same sorts and cursors). `after` is the previous page's `next_cursor`; a broken "
        "one is a 400 with code `bad_cursor`. `featured` is filled on the first page."
    ),
)
def thread_page(request: HttpRequest, slug: str, sort: Sort = "top", after: str = "") -> Any:
    viewer_id = _viewer_id(request)
    essay = _published_essay(slug)
    try:
        page = discussion_selectors.thread_page(
            essay, viewer_id=viewer_id, sort=sort, cursor=after or None
        )
    except discussion_selectors.BadCursor as exc:
        raise ApiError(400, "bad_cursor", str(exc)) from exc
    return {
        "essay": essay.slug,
        "sort": page.sort,
        "count": discussion_selectors.comment_count(essay),
        "next_cursor": page.next_cursor,
        "featured": [comment_json(c, page.reacted_ids, essay.slug) for c in page.featured],
        "comments": [comment_json(c, page.reacted_ids, essay.slug) for c in page.comments],
    }


@router.get(
    "/comments/{comment_id}",
    auth=auth.public(),
    response={200: CommentOut, 404: ErrorOut},
    summary="A comment with its replies, to any depth",
)
def comment_thread(request: HttpRequest, comment_id: int) -> Any:
    viewer_id = _viewer_id(request)
    comment = access.access_comment(
        viewer=auth.caller_of(request).person if viewer_id else None,
        comment_id=comment_id,
        listed=True,
        queryset=Comment.objects.select_related("essay", "author"),
    )
    root = discussion_selectors.thread_of(comment, viewer_id=viewer_id)
    reacted: set[int] = set()
    if viewer_id:
        ids, stack = [], [root]
        while stack:
            node = stack.pop()
            ids.append(node.pk)
            stack.extend(getattr(node, "shown_replies", []))
        reacted = discussion_selectors.reacted_by(viewer_id, ids)
    return comment_json(root, reacted, comment.essay.slug)


@router.post(
    "/essays/{slug}/comments",
    auth=auth.signed_in(),
    response={
        201: PostedOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ConflictOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Post a comment (or a reply, with `parent`)",
    description=(
        "Through the posting pipeline, like the essay page's form. Scope `write`. "
        "`idempotency_key`: the same key posts once (send a fresh one per comment). "
        "A 409 with code `nudge` asks the writer to reconsider: send the text again with "
        "`nudge` set to `nudge.token`, edited, or as it is with `post_anyway: true`."
    ),
)
def post_comment(request: HttpRequest, slug: str, payload: CommentIn) -> Any:
    person = auth.person_of(request, Scope.WRITE)
    essay = _published_essay(slug)
    parent = None
    if payload.parent is not None:
        parent = (
            Comment.objects.readable_by(person.pk)
            .filter(pk=payload.parent, essay=essay)
            .select_related("root")
            .first()
        )
        if parent is None:
            raise ApiError(409, "parent_gone", "The comment you replied to is no longer here.")
    try:
        result = actions.post_comment(
            author=person,
            essay=essay,
            body=payload.body,
            parent=parent,
            idempotency_key=payload.idempotency_key,
            nudge_token=payload.nudge,
            post_anyway=payload.post_anyway,
        )
    except actions.CommentRefused as exc:
        raise _refused(exc) from exc
    if result.outcome == "nudged":
        assert result.nudge is not None
        raise ApiError(
            409,
            "nudge",
            result.message,
            extra={
                "nudge": {
                    "token": str(result.nudge.token),
                    "message": result.message,
                    "text": result.nudge.body,
                    "reasons": result.reasons,
                }
            },
        )
    assert result.comment is not None
    comment = Comment.objects.select_related("author").get(pk=result.comment.pk)
    return 201, {
        "status": comment.status,
        "message": result.message or _said(comment),
        "repeated": result.repeated,
        "comment": comment_json(comment, set(), essay.slug),
    }


def _said(comment: Comment) -> str:
    if comment.status == Comment.Status.PUBLISHED:
        return "Your comment is posted."
    if comment.status == Comment.Status.HELD:
        return "Your comment will appear once a moderator has read it."
    return comment.rejection_reason or "Your comment was not published."


def _own_comment(request: HttpRequest, comment_id: int, *, listed: bool = False) -> Comment:
    caller = auth.caller_of(request)
    return access.access_comment(
        viewer=caller.person,
        comment_id=comment_id,
        listed=listed,
        queryset=Comment.objects.select_related("essay", "author", "parent"),
    )


@router.patch(
    "/comments/{comment_id}",
    auth=auth.signed_in(),
    response={200: CommentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Edit your comment (within the edit window)",
    description="Scope `write`. The new text goes through the pipeline's text checks again.",
)
def edit_comment(request: HttpRequest, comment_id: int, payload: EditIn) -> Any:
    person = auth.person_of(request, Scope.WRITE)
    comment = _own_comment(request, comment_id)
    try:
        updated = actions.edit_comment(person=person, comment=comment, body=payload.body)
    except actions.CommentRefused as exc:
        raise _refused(exc) from exc
    return comment_json(updated, set(), comment.essay.slug)


@router.delete(
    "/comments/{comment_id}",
    auth=auth.signed_in(),
    response={200: DeletedOut, 403: ErrorOut, 404: ErrorOut},
    summary="Delete your comment",
    description=(
        "Scope `write`. A published comment becomes a tombstone that keeps its replies; a held "
        "one is withdrawn. Deleting again answers the same."
    ),
)
def delete_comment(request: HttpRequest, comment_id: int) -> Any:
    person = auth.person_of(request, Scope.WRITE)
    comment = _own_comment(request, comment_id, listed=True)
    done = actions.delete_own_comment(person=person, comment=comment)
    return {"id": done.pk, "status": done.status, "deleted": True}


@router.post(
    "/comments/{comment_id}/thoughtful",
    auth=auth.signed_in(),
    response={200: ReactionOut, 403: ErrorOut, 404: ErrorOut},
    summary="React “Thoughtful”, or take the reaction back",
    description="Scope `write`. A toggle, like the button on the page.",
)
def react(request: HttpRequest, comment_id: int) -> Any:
    person = auth.person_of(request, Scope.WRITE)
    comment = _own_comment(request, comment_id)
    reacted, count = actions.toggle_thoughtful(person=person, comment=comment)
    return {"reacted": reacted, "count": count}


@router.post(
    "/comments/{comment_id}/reports",
    auth=auth.signed_in(),
    response={201: ReportedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Report a comment to the moderators",
    description="Scope `write`. `text` is required when `reason` is `other`.",
)
def report(request: HttpRequest, comment_id: int, payload: ReportIn) -> Any:
    person = auth.person_of(request, Scope.WRITE)
    comment = _own_comment(request, comment_id)
    try:
        actions.report_comment(
            reporter=person, comment=comment, reason=payload.reason, text=payload.text
        )
    except ValidationError as exc:
        code = str(exc.code or "invalid")
        raise ApiError(409 if code == "duplicate" else 422, code, exc.messages[0]) from exc
    return 201, {"ok": True, "message": "Thank you. A moderator will look at this comment."}
