"""The editorial workflow for staff: /api/v1/workflow/... over publishing.actions.transition.

The same rules as the editorial desk (thoughtful/publishing/views.py): the list is the
person's desk (publishing.selectors.desk), an essay is theirs to see by
people.permissions.can_view_essay_workflow, and each step is allowed by the workflow's own
check (publishing.workflow): a wrong state is 409 `illegal_transition`, a wrong role 403,
a missing note 422. Scope `write`, with a token or the session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field, field_validator

from thoughtful.api import auth
from thoughtful.api.errors import ApiError, ErrorOut
from thoughtful.api.pagination import page
from thoughtful.api.schemas import PersonRef, person_ref
from thoughtful.people import permissions as perms
from thoughtful.people.models import User
from thoughtful.publishing import actions, selectors, workflow
from thoughtful.publishing.models import Essay
from thoughtful.security.text import clean_text
from thoughtful.tokens.models import Scope

Action = Literal[
    "submit",
    "claim_edit",
    "finish_edit",
    "claim_copy",
    "finish_copy",
    "write_social",
    "approve",
    "publish",
    "return",
    "unpublish",
    "archive",
]
assert set(Action.__args__) == set(workflow.TRANSITIONS)  # type: ignore[attr-defined]
ORDER = ("status_changed_at", "id")  # oldest first, as on the desk


class TransitionOut(Schema):
    action: str
    label: str
    needs_note: bool


class WorkflowEssayOut(Schema):
    id: int
    slug: str
    title: str
    status: str
    status_label: str
    author: PersonRef
    assignee: PersonRef | None
    waits_on: str
    status_changed_at: datetime
    due_at: datetime | None
    scheduled_for: datetime | None
    transitions: list[TransitionOut]
    desk_url: str


class WorkflowPage(Schema):
    items: list[WorkflowEssayOut]
    next_cursor: str | None


def _moment(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if not 1900 <= value.year <= 2200:
        raise ValueError("must be between the years 1900 and 2200")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # the site's time zone, as the desk's form reads it
    return value


class TransitionIn(Schema):
    action: Action
    note: str = Field(default="", max_length=5000)
    publish_at: datetime | None = None
    due_at: datetime | None = None

    @field_validator("note")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value, multiline=True)[0]

    @field_validator("publish_at", "due_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return _moment(value)


def _require_desk(caller: auth.Caller) -> None:
    auth.require_scope(caller, Scope.WRITE)
    if not perms.can_use_desk(caller.person):
        raise ApiError(403, "forbidden", "The editorial desk is for contributors and staff.")


class DeskTokenAuth(auth.TokenAuth):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        caller = self.caller(request, token)
        _require_desk(caller)
        return caller


class DeskCookieAuth(auth.CookieAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        caller = super().authenticate(request, key)
        if caller is not None:
            _require_desk(caller)
        return caller


# Checked in authentication, so the permission comes before any lookup or body validation
# (as the permission sweep asks of every staff route).
router = Router(tags=["workflow"], auth=[DeskTokenAuth(), DeskCookieAuth()])
router.required_permission = "can_use_desk"  # type: ignore[attr-defined]


def _staff(request: HttpRequest) -> User:
    return auth.person_of(request, Scope.WRITE)


def essay_json(essay: Essay, person: User) -> dict[str, Any]:
    return {
        "id": essay.pk,
        "slug": essay.slug,
        "title": essay.title,
        "status": essay.status,
        "status_label": essay.get_status_display(),
        "author": person_ref(essay.author),
        "assignee": person_ref(essay.assignee) if essay.assignee else None,
        "waits_on": selectors.waits_on(essay),
        "status_changed_at": essay.status_changed_at,
        "due_at": essay.due_at,
        "scheduled_for": essay.scheduled_for,
        "transitions": [
            {"action": t.action, "label": t.label, "needs_note": t.needs_note}
            for t in workflow.available(person, essay)
        ],
        "desk_url": f"/desk/essays/{essay.pk}/",
    }


def _essay(person: User, pk: int) -> Essay:
    essay = selectors.essay_for_staff(pk)
    if essay is None:
        raise ApiError(404, "not_found", "No such essay.")
    perms.require(perms.can_view_essay_workflow(person, essay), "This essay isn't yours to see.")
    return essay


@router.get(
    "/workflow/essays",
    response={200: WorkflowPage, 400: ErrorOut},
    summary="Essays waiting on you (your desk)",
    description=(
        "Every essay on your editorial desk, by your roles, oldest step first; with the steps "
        "you can take now. Scope `write`. `after`: the previous page's `next_cursor`."
    ),
)
def desk(request: HttpRequest, after: str = "", limit: int = 20) -> Any:
    person = _staff(request)
    ids: set[int] = set()
    for _heading, _hint, essays in selectors.desk(person):
        ids.update(essays.values_list("pk", flat=True))
    rows = Essay.objects.filter(pk__in=ids).select_related("author", "assignee")
    shown, next_cursor = page(rows, fields=ORDER, after=after or None, limit=limit)
    return {"items": [essay_json(e, person) for e in shown], "next_cursor": next_cursor}


@router.get(
    "/workflow/essays/{pk}",
    response={200: WorkflowEssayOut, 403: ErrorOut, 404: ErrorOut},
    summary="One essay in the workflow",
)
def essay(request: HttpRequest, pk: int) -> Any:
    person = _staff(request)
    return essay_json(_essay(person, pk), person)


@router.post(
    "/workflow/essays/{pk}/transitions",
    response={200: WorkflowEssayOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Take a workflow step",
    description=(
        "As the desk's buttons: `return` and `unpublish` need a `note`; `approve` takes "
        "`publish_at` (default now); `due_at` sets the next step's due date."
    ),
)
def take_step(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    person = _staff(request)
    found = _essay(person, pk)
    try:
        done = actions.transition(
            essay=found,
            actor=person,
            action=payload.action,
            note=payload.note,
            publish_at=payload.publish_at,
            due_at=payload.due_at,
        )
    except workflow.IllegalTransition as exc:
        raise ApiError(409, "illegal_transition", str(exc)) from exc
    except ValidationError as exc:
        raise ApiError(422, "invalid", exc.messages[0]) from exc
    refreshed = selectors.essay_for_staff(done.pk)
    assert refreshed is not None
    return essay_json(refreshed, person)
