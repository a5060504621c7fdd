"""The newsletter's pages: subscribe (double opt-in), confirm, one-click unsubscribe, and the
editors' desk to preview and send an edition. Thin views over newsletter.actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thoughtful.newsletter import actions, builder
from thoughtful.newsletter.forms import SubscribeForm
from thoughtful.newsletter.models import Delivery, Edition, Subscriber
from thoughtful.people.models import User
from thoughtful.security import throttle
from thoughtful.security.client import client_ip


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Over the limit, nothing is sent, and the answer is the same (it reveals nothing).
        if not throttle.requests_exceeded(
            scope="newsletter", client_ip=client_ip(request), email=email
        ):
            actions.subscribe(email=email)
        return redirect("newsletter:sent")
    return render(
        request, "newsletter/subscribe.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST subscribes (mail scanners open links)."""
    if request.method == "POST":
        try:
            actions.confirm(token=token)
        except ValidationError as exc:
            return render(
                request, "newsletter/invalid.html", {"problem": exc.messages[0]}, status=400
            )
        return render(request, "newsletter/confirmed.html")
    known = Subscriber.objects.filter(confirm_token=token, unsubscribed_at__isnull=True).first()
    if known is None:
        return render(
            request,
            "newsletter/invalid.html",
            {"problem": "This link is invalid or has expired."},
            status=400,
        )
    return render(request, "newsletter/confirm.html", {"subscriber": known})


# RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" here with no cookie and no CSRF
# token; the unguessable token in the URL is the authentication.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        if actions.unsubscribe(token=token) is None:
            raise Http404("No such subscription.")
        return render(request, "newsletter/unsubscribed.html")
    if not Subscriber.objects.filter(unsubscribe_token=token).exists():
        raise Http404("No such subscription.")
    return render(request, "newsletter/unsubscribe.html")


# --- The editors' desk ------------------------------------------------------------------------


def _editor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def editors_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The permission comes before anything else, the method check included, so every
    request from someone else gets the same 403 (the permission sweep sends both)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actions.require_sender(_editor(request))
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@editors_only
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    editions = Edition.objects.annotate(recipients=Count("deliveries"))[:20]
    upcoming = builder.essays_since(builder.last_covered(), timezone.now())
    subscribers = Subscriber.objects.receiving().count()
    return render(
        request,
        "newsletter/desk.html",
        {"editions": editions, "upcoming": upcoming, "subscribers": subscribers},
    )


@login_required
@editors_only
@require_POST
def draft(request: HttpRequest) -> HttpResponse:
    editor = _editor(request)
    try:
        edition = actions.draft_edition(editor=editor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("newsletter:desk")
    return redirect("newsletter:preview", pk=edition.pk)


@login_required
@editors_only
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    counts = dict(
        Delivery.objects.filter(edition=edition)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    subscribers = Subscriber.objects.receiving().count()
    return render(
        request,
        "newsletter/preview.html",
        {"edition": edition, "counts": counts, "subscribers": subscribers},
    )


@login_required
@editors_only
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    editor = _editor(request)
    edition = get_object_or_404(Edition, pk=pk)
    try:
        recipients = actions.send_edition(editor=editor, edition=edition)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Sending to {recipients} subscribers, in batches.")
    return redirect("newsletter:preview", pk=edition.pk)
