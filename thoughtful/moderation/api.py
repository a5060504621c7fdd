"""JSON API for the desk, over the same actions: /api/v1/moderation/...

Who may call it: a signed-in moderator, editor or admin (session cookie, CSRF-checked), or
their personal access token with the "moderate" scope (thoughtful.api.auth).
`ModeratorAuth` asks people.permissions, like every desk view, and the permission sweep
(tests/test_permission_sweep.py) checks every route here refuses everyone else.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import SessionAuth
from pydantic import field_validator

from thoughtful.api.auth import ModeratorTokenAuth
from thoughtful.discussion.access import desk_comments
from thoughtful.moderation import actions, selectors
from thoughtful.moderation.reasons import REJECTION_REASONS
from thoughtful.people import permissions
from thoughtful.security.text import clean_text


class ModeratorAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and permissions.can_moderate(user) else None


# A moderator's session, or their personal access token with the "moderate" scope (issue 13).
router = Router(tags=["moderation"], auth=[ModeratorTokenAuth(), ModeratorAuth()])
router.required_permission = "can_moderate"  # type: ignore[attr-defined]


class CardOut(Schema):
    id: int
    essay: str
    author: str
    text: str
    status: str
    reasons: list[str]
    scores: dict[str, float]
    open_reports: int
    priority: int | None = None


class QueueOut(Schema):
    queue: str
    items: list[CardOut]
    next_cursor: str | None


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]  # an enum in the schema: clients and fuzzers see it
    reason_code: str = ""
    reason_text: str = ""
    note: str = ""

    @field_validator("reason_text", "note")
    @classmethod
    def _without_controls(cls, value: str) -> str:
        # The same cleaning as every form (issue 14, item 6): the reason is shown and emailed.
        return clean_text(value, multiline=True)[0]


class DecisionOut(Schema):
    ok: bool
    status: str
    message: str


class ErrorOut(Schema):
    detail: str


@router.get(
    "/queues/{name}",
    response={200: QueueOut, 400: ErrorOut, 404: ErrorOut},
    summary="A queue page",
    description="`after` is the `next_cursor` of the previous page; a broken one is a 400.",
)
def queue(request: HttpRequest, name: str, after: str = "", sort: str = "priority") -> Any:
    if name not in selectors.COMMENT_QUEUES:
        return Status(404, {"detail": f"No queue {name!r}."})
    try:
        page = selectors.queue_page(
            name, filters=selectors.Filters(sort=sort), cursor=after or None
        )
    except selectors.BadCursor:
        return Status(
            400, {"detail": "That page link is broken: `after` is not a cursor we wrote."}
        )
    return {
        "queue": name,
        "next_cursor": page.next_cursor,
        "items": [
            {
                "id": card.comment.pk,
                "essay": card.comment.essay.slug,
                "author": card.comment.author.username,
                "text": card.comment.body,
                "status": card.comment.status,
                "reasons": [code for code, _ in card.reasons],
                "scores": dict(card.scores),
                "open_reports": card.open_reports,
                "priority": getattr(card.comment, "priority", None),
            }
            for card in page.cards
        ],
    }


@router.post(
    "/comments/{comment_id}/decision",
    response={200: DecisionOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve or reject a comment",
)
def decide(request: HttpRequest, comment_id: int, payload: DecisionIn) -> Any:
    me = request.auth  # type: ignore[attr-defined]
    comment = get_object_or_404(desk_comments(me), pk=comment_id)
    try:
        if payload.decision == "approve":
            done = actions.approve(moderator=me, comment=comment, note=payload.note)
        elif payload.decision == "reject":
            if payload.reason_code not in REJECTION_REASONS:
                return Status(400, {"detail": "reason_code: " + ", ".join(REJECTION_REASONS)})
            done = actions.reject(
                moderator=me,
                comment=comment,
                reason_code=payload.reason_code,
                reason_text=payload.reason_text,
                note=payload.note,
            )
        else:
            return Status(400, {"detail": "decision must be approve or reject"})
    except actions.AlreadyDecided as exc:
        return Status(409, {"detail": exc.messages[0]})
    return {"ok": True, "status": done.status, "message": f"Comment {done.status}."}
