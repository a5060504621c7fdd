"""The shield's pages: the pile-on alert on the moderator desk (evidence, timeline, accounts,
one-key bulk actions, pin a level) and the author's "raise protection" (issue 9). Thin: each
view authorises, validates and calls an action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thoughtful.moderation import selectors as moderation_selectors
from thoughtful.moderation.access import desk_view
from thoughtful.moderation.models import PileOnAlert
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay
from thoughtful.shield import actions, conf, desk, selectors
from thoughtful.shield.models import EssayProtection

_WINDOW_ROWS = [
    ("comments", "Comments"),
    ("rate_ratio", "Rate × baseline"),
    ("hostile", "Hostile (scorer)"),
    ("hostile_share", "Hostile share"),
    ("newcomers", "From new accounts"),
    ("newcomer_share", "New-account share"),
    ("source_share", "Share from top source"),
    ("duplicate_accounts", "Accounts posting near-duplicates"),
    ("followers", "Following the author here"),
    ("signups_here", "Signed up from this essay"),
]


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _desk(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "queues": moderation_selectors.QUEUES,
        "counts": moderation_selectors.queue_counts(),
        "name": "alerts",
        **extra,
    }


@desk_view
@require_GET
def alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    found = get_object_or_404(PileOnAlert.objects.select_related("essay"), pk=alert_id)
    detail = found.detail or {}
    metrics = detail.get("metrics", {})
    table = [
        (label, [metrics.get(f"{key}_{w}", "") for w in conf.WINDOWS])
        for key, label in _WINDOW_ROWS
    ]
    state = EssayProtection.objects.filter(essay=found.essay).first()
    return render(
        request,
        "shield/alert.html",
        _desk(
            request,
            alert=found,
            detail=detail,
            table=table,
            windows=conf.WINDOWS,
            timeline=selectors.timeline(found.essay_id),
            level=selectors.effective_level(state),
            state=state,
            levels=conf.LEVELS,
            title=f"Pile-on alert: {found.essay.title}",
        ),
    )


def _back_to(alert_id: int) -> HttpResponse:
    return redirect(reverse("shield:alert", kwargs={"alert_id": alert_id}))


@desk_view
@require_POST
def bulk(request: HttpRequest, alert_id: int, what: str) -> HttpResponse:
    found = get_object_or_404(PileOnAlert.objects.select_related("essay"), pk=alert_id)
    me = _me(request)
    if what == "hold-source":
        key = request.POST.get("source", "").strip()
        if not key:
            messages.error(request, "Choose a source.")
            return _back_to(found.pk)
        outcome = desk.hold_from_source(moderator=me, alert=found, source_key=key)
        message = f"Held {outcome.done} comments from {key}; new ones from it will be held."
    elif what == "premoderate":
        outcome = desk.premoderate_new_accounts(moderator=me, alert=found)
        message = f"{outcome.done} new accounts are now pre-moderated."
    elif what == "reject-duplicates":
        outcome = desk.reject_near_duplicates(moderator=me, alert=found)
        message = f"Rejected {outcome.done} near-duplicate comments."
    else:
        raise PermissionDenied("Unknown action.")
    if outcome.skipped:
        message += f" {len(outcome.skipped)} were already decided."
    messages.success(request, message)
    return _back_to(found.pk)


@desk_view
@require_POST
def pin(request: HttpRequest, essay_id: int) -> HttpResponse:
    essay = get_object_or_404(Essay, pk=essay_id)
    level = request.POST.get("level", "")
    try:
        actions.pin_level(moderator=_me(request), essay=essay, level=level)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Pinned at {level}." if level else "Unpinned.")
    return redirect(request.POST.get("next") or reverse("moderation:queue", args=["alerts"]))


@login_required
@require_POST
def raise_protection(request: HttpRequest, slug: str) -> HttpResponse:
    """The essay's author raises its protection (never lowers it)."""
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    try:
        actions.raise_level(person=_me(request), essay=essay, level=request.POST.get("level", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Protection raised.")
    return redirect(essay.get_absolute_url())


PROTECTION_ROWS = 50


@desk_view
@require_GET
def protection(request: HttpRequest) -> HttpResponse:
    """Every published essay's protection level, set from the desk (issue 11): the newest
    PROTECTION_ROWS essays and any essay with a pinned or raised level, each with a form that
    pins it (shield.actions.pin_level) or hands it back to the automatic level."""
    essays = list(
        Essay.objects.published()
        .select_related("author")
        .order_by("-published_at")[:PROTECTION_ROWS]
    )
    held = (
        Essay.objects.published()
        .select_related("author")
        .filter(Q(protection_state__pinned_level__gt="") | Q(protection_state__author_level__gt=""))
    )
    seen = {e.pk for e in essays}
    essays += [e for e in held if e.pk not in seen]
    states = {s.essay_id: s for s in EssayProtection.objects.filter(essay__in=essays)}
    rows = [
        {
            "essay": essay,
            "level": selectors.effective_level(states.get(essay.pk)),
            "state": states.get(essay.pk),
        }
        for essay in essays
    ]
    return render(
        request,
        "shield/protection.html",
        _desk(request, title="Protection", name="", rows=rows, levels=conf.LEVELS),
    )
