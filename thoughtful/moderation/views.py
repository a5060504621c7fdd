"""The moderator desk: thin views over moderation.actions and moderation.selectors.

Every view here is wrapped by access.desk_view. Forms work without JavaScript (post, then
redirect back to the queue with a message); desk.js sends the same forms with
`Accept: application/json` and gets {ok, message} back.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from thoughtful.discussion.access import desk_comments
from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions, learning, selectors
from thoughtful.moderation.access import desk_view
from thoughtful.moderation.forms import (
    REASON_CHOICES,
    AppealDecisionForm,
    BulkForm,
    DecideForm,
    LiftForm,
    SanctionForm,
)
from thoughtful.moderation.models import Appeal, LogEntry, PileOnAlert, Sanction
from thoughtful.moderation.reasons import PIPELINE_LABELS, REJECTION_REASONS
from thoughtful.people.models import User
from thoughtful.security.text import clean_text


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _answer(
    request: HttpRequest, *, ok: bool, message: str, default: str, status: int = 200, **extra: Any
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": ok, "message": message, **extra}, status=status)
    (messages.success if ok else messages.error)(request, message)
    return redirect(_back(request, default))


def _first_error(form: Any) -> str:
    return str(next(iter(form.errors.values()))[0])


def _desk_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "queues": selectors.QUEUES,
        "counts": selectors.queue_counts(),
        "reason_choices": REASON_CHOICES,
        "pipeline_labels": PIPELINE_LABELS,
        **extra,
    }


# --- queues -----------------------------------------------------------------------------------


@desk_view
@require_GET
def queue(request: HttpRequest, name: str = "held") -> HttpResponse:
    if name not in selectors.QUEUES:
        return redirect("moderation:queue", name="held")
    filters = selectors.Filters.from_query(request.GET)
    cursor_error = ""
    try:
        page = selectors.queue_page(name, filters=filters, cursor=request.GET.get("after"))
    except selectors.BadCursor as exc:
        cursor_error = str(exc)
        page = selectors.queue_page(name, filters=filters)
    query = filters.as_query()
    next_url = None
    if page.next_cursor:
        next_url = f"?{urlencode({**query, 'after': page.next_cursor})}"
    return render(
        request,
        "moderation/queue.html",
        _desk_context(
            request,
            page=page,
            name=name,
            title=selectors.QUEUES[name],
            filters=filters,
            sorts=selectors.SORTS,
            next_url=next_url,
            cursor_error=cursor_error,
            here=request.get_full_path(),
        ),
    )


@desk_view
@require_POST
def decide(request: HttpRequest, comment_id: int) -> HttpResponse:
    # The desk sees comments in every state (the visibility rule's one exception).
    comment = get_object_or_404(desk_comments(request.user).select_related("author"), pk=comment_id)
    default = reverse("moderation:queue", kwargs={"name": "held"})
    form = DecideForm(request.POST)
    if not form.is_valid():
        first = _first_error(form)
        return _answer(request, ok=False, message=first, default=default, status=400)
    data = form.cleaned_data
    me = _me(request)
    name = comment.author.public_name
    gone = True  # the item leaves its queue (featuring a published comment leaves it in place)
    try:
        match data["decision"]:
            case "approve":
                actions.approve(
                    moderator=me, comment=comment, note=data["note"], reconsider=data["reconsider"]
                )
                message = f"Approved the comment by {name}."
            case "reject":
                actions.reject(
                    moderator=me,
                    comment=comment,
                    reason_code=data["reason_code"],
                    reason_text=data["reason_text"],
                    note=data["note"],
                    reconsider=data["reconsider"],
                )
                message = f"Rejected the comment by {name}."
            case "feature" | "unfeature":
                featured = data["decision"] == "feature"
                gone = comment.status == Comment.Status.HELD
                actions.set_featured(
                    moderator=me, comment=comment, featured=featured, note=data["note"]
                )
                message = f"{'Featured' if featured else 'Unfeatured'} the comment by {name}."
            case _:  # "ban": ban the writer and remove this comment if it is still waiting
                code = data["reason_code"]
                actions.ban(
                    moderator=me,
                    person=comment.author,
                    reason=REJECTION_REASONS[code],
                    note=data["note"],
                    comment=comment,
                )
                message = f"Banned {name}."
                try:
                    actions.reject(moderator=me, comment=comment, reason_code=code)
                    message += " Their comment is rejected."
                except actions.AlreadyDecided:
                    pass
    except actions.AlreadyDecided as exc:
        still_waiting = data["decision"] in ("feature", "unfeature")
        return _answer(
            request,
            ok=False,
            message=exc.messages[0],
            default=default,
            status=409,
            gone=not still_waiting,
        )
    except (ValidationError, PermissionDenied) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        return _answer(request, ok=False, message=text, default=default, status=400)
    return _answer(request, ok=True, message=message, default=default, gone=gone)


@desk_view
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    default = reverse("moderation:queue", kwargs={"name": "held"})
    form = BulkForm(request.POST)
    if not form.is_valid():
        if "ids" in form.errors:
            return _answer(
                request,
                ok=False,
                message="Select some comments first.",
                default=default,
                status=400,
            )
        first = _first_error(form)
        return _answer(request, ok=False, message=first, default=default, status=400)
    try:
        result = actions.bulk_decide(
            moderator=_me(request),
            comment_ids=form.cleaned_data["ids"],
            decision=form.cleaned_data["decision"],
            reason_code=form.cleaned_data["reason_code"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        return _answer(request, ok=False, message=exc.messages[0], default=default, status=400)
    verb = "Approved" if form.cleaned_data["decision"] == "approve" else "Rejected"
    message = f"{verb} {len(result.done)} comment{'s' if len(result.done) != 1 else ''}."
    if result.conflicts:
        message += f" {len(result.conflicts)} had already been decided."
    return _answer(
        request,
        ok=True,
        message=message,
        default=default,
        done=result.done,
        conflicts=[c for c, _ in result.conflicts],
    )


# --- people and sanctions -------------------------------------------------------------------------


@desk_view
@require_GET
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    someone = get_object_or_404(User, pk=person_id)
    return render(
        request,
        "moderation/person.html",
        _desk_context(
            request,
            history=selectors.person_history(someone),
            form=SanctionForm(initial={"comment": request.GET.get("comment")}),
            lift_form=LiftForm(),
            title=f"{someone.public_name}",
        ),
    )


@desk_view
@require_POST
def sanction_person(request: HttpRequest, person_id: int) -> HttpResponse:
    someone = get_object_or_404(User, pk=person_id)
    default = reverse("moderation:person", kwargs={"person_id": someone.pk})
    form = SanctionForm(request.POST)
    if not form.is_valid():
        first = _first_error(form)
        return _answer(request, ok=False, message=first, default=default, status=400)
    comment = None
    if form.cleaned_data.get("comment"):
        comment = desk_comments(request.user).filter(pk=form.cleaned_data["comment"]).first()
    try:
        record = actions.sanction(
            moderator=_me(request),
            person=someone,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            until=form.until_datetime(),
            note=form.cleaned_data["note"],
            comment=comment,
        )
    except actions.AlreadyDecided as exc:
        return _answer(request, ok=False, message=exc.messages[0], default=default, status=409)
    except ValidationError as exc:
        return _answer(request, ok=False, message=exc.messages[0], default=default, status=400)
    return _answer(
        request,
        ok=True,
        message=f"{record.get_kind_display()} recorded for {someone.public_name}.",
        default=default,
    )


@desk_view
@require_POST
def lift_sanction(request: HttpRequest, sanction_id: int) -> HttpResponse:
    record = get_object_or_404(Sanction, pk=sanction_id)
    default = reverse("moderation:person", kwargs={"person_id": record.person_id})
    form = LiftForm(request.POST)
    form.is_valid()
    try:
        actions.lift(
            moderator=_me(request), sanction=record, reason=form.cleaned_data.get("reason", "")
        )
    except actions.AlreadyDecided as exc:
        return _answer(request, ok=False, message=exc.messages[0], default=default, status=409)
    return _answer(
        request, ok=True, message=f"{record.get_kind_display()} lifted.", default=default
    )


# --- appeals, alerts, the log, the dashboard ------------------------------------------------------


@desk_view
@require_GET
def appeals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/appeals.html",
        _desk_context(
            request,
            pending=selectors.pending_appeals(),
            decided=selectors.recent_appeals(),
            form=AppealDecisionForm(),
            title="Appeals",
        ),
    )


@desk_view
@require_POST
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    default = reverse("moderation:appeals")
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, ok=False, message="Choose uphold or lift.", default=default, status=400
        )
    try:
        actions.decide_appeal(
            moderator=_me(request),
            appeal=appeal,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except actions.AlreadyDecided as exc:
        return _answer(request, ok=False, message=exc.messages[0], default=default, status=409)
    except PermissionDenied as exc:
        return _answer(request, ok=False, message=str(exc), default=default, status=403)
    done = "lifted" if form.cleaned_data["outcome"] == "lift" else "upheld"
    return _answer(
        request,
        ok=True,
        message=f"Appeal decided: {done}. The person is told by email.",
        default=default,
        gone=True,
    )


@desk_view
@require_POST
def resolve_alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(PileOnAlert, pk=alert_id)
    default = reverse("moderation:queue", kwargs={"name": "alerts"})
    try:
        actions.resolve_alert(
            moderator=_me(request),
            alert=alert,
            note=clean_text(request.POST.get("note", ""), multiline=True)[0],
        )
    except actions.AlreadyDecided as exc:
        return _answer(request, ok=False, message=exc.messages[0], default=default, status=409)
    return _answer(request, ok=True, message="Alert resolved.", default=default, gone=True)


@desk_view
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    try:
        before = int(request.GET.get("before", "0")) or None
    except ValueError:
        before = None
    action = request.GET.get("action", "")
    entries, next_before = selectors.log_page(before=before, action=action)
    return render(
        request,
        "moderation/log.html",
        _desk_context(
            request,
            entries=entries,
            next_before=next_before,
            action=action,
            actions=LogEntry.Action.choices,
            title="Moderation log",
        ),
    )


@desk_view
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/dashboard.html",
        _desk_context(
            request, board=selectors.dashboard(), learning=learning.summary(), title="Dashboard"
        ),
    )
