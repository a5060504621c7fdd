"""Moderation pages for everyone: the transparency report, and a person's own sanctions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from thoughtful.moderation import actions, selectors
from thoughtful.moderation.forms import AppealForm
from thoughtful.moderation.models import Sanction
from thoughtful.people.models import User


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """Removals per reason per day: counts only, never a commenter's name."""
    response = render(request, "moderation/transparency.html", {"report": selectors.transparency()})
    patch_cache_control(response, public=True, max_age=300)
    return response


@login_required
@require_GET
def my_sanctions(request: HttpRequest) -> HttpResponse:
    me = request.user
    assert isinstance(me, User)
    return render(
        request,
        "moderation/my_sanctions.html",
        {"sanctions": selectors.sanctions_of(me), "form": AppealForm(), "me": me},
    )


@login_required
@require_http_methods(["POST"])
def appeal(request: HttpRequest, sanction_id: int) -> HttpResponse:
    me = request.user
    assert isinstance(me, User)
    # Someone else's sanction is "not found", not "forbidden": nothing about it leaks.
    record = get_object_or_404(Sanction, pk=sanction_id, person=me)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            actions.file_appeal(person=me, sanction=record, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            )
        else:
            messages.success(request, "Your appeal is with the moderators. We'll email you.")
        return redirect("moderation-public:my-sanctions")
    return render(
        request,
        "moderation/my_sanctions.html",
        {"sanctions": selectors.sanctions_of(me), "form": form, "me": me, "form_for": record.pk},
        status=400,
    )
