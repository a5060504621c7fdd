"""The development mailbox at /desk/mail/ (issue 11): staff read what the site sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thoughtful.ops import mailbox
from thoughtful.people import permissions as perms


def _staff_only(request: HttpRequest) -> None:
    perms.require(
        bool(getattr(request.user, "is_staff", False)), "The mailbox is for the site's staff."
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return render(
        request,
        "ops/mailbox.html",
        {
            "letters": mailbox.letters(),
            "in_use": mailbox.in_use(),
            "backend": settings.MAILERS.get("default", {}).get("BACKEND", ""),
            "folder": mailbox.mail_dir(),
        },
    )


@login_required
@require_GET
def read(request: HttpRequest, name: str) -> HttpResponse:
    _staff_only(request)
    found = mailbox.letter(name)
    if found is None:
        raise Http404("No such message.")
    return render(request, "ops/letter.html", {"letter": found})
