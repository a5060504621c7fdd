"""The claim flow's pages (transfer.claims does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thoughtful.people.models import User
from thoughtful.transfer import claims
from thoughtful.transfer.forms import ClaimForm


def _moved(request: HttpRequest, moved: int) -> HttpResponse:
    if moved:
        messages.success(
            request, f"Done: {moved} earlier comment{'s' if moved != 1 else ''} now yours."
        )
    else:
        messages.info(request, "There was nothing left to claim for that address.")
    return redirect("people:profile")


@login_required
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = claims.request_claim(person=person, email=form.cleaned_data["email"])
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            return redirect("transfer:claim-sent") if moved is None else _moved(request, moved)
    return render(request, "transfer/claim.html", {"form": form})


@login_required
@require_GET
def claim_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "transfer/claim_sent.html")


@login_required
@require_http_methods(["GET", "POST"])
def claim_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; only the POST claims, so a mail scanner opening the link changes nothing."""
    person: User = request.user  # type: ignore[assignment]
    try:
        email = claims.address_in_link(person=person, token=token[:500])
    except ValidationError as exc:
        return render(
            request, "transfer/claim_confirm.html", {"problem": exc.messages[0]}, status=400
        )
    if request.method == "POST":
        return _moved(request, claims.claim_address(person=person, email=email))
    return render(request, "transfer/claim_confirm.html", {"email": email})
