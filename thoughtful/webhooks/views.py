"""The webhooks page: endpoints, recent deliveries (status, response time, payload), resend.
Thin: each view is behind access.operator_view and calls an action."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from thoughtful.people.models import User
from thoughtful.webhooks import actions, selectors
from thoughtful.webhooks.access import operator_view
from thoughtful.webhooks.events import EVENT_TYPES
from thoughtful.webhooks.forms import EndpointForm
from thoughtful.webhooks.models import Delivery


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _page(request: HttpRequest, form: EndpointForm, status: int = 200) -> HttpResponse:
    endpoint_id = request.GET.get("endpoint", "")
    chosen = int(endpoint_id) if endpoint_id.isdigit() and len(endpoint_id) < 12 else None
    deliveries = selectors.recent_deliveries(endpoint_id=chosen)
    return render(
        request,
        "webhooks/home.html",
        {
            "title": "Webhooks",
            "endpoints": selectors.endpoints(),
            "deliveries": [
                (d, json.dumps(d.payload, indent=2, ensure_ascii=False)) for d in deliveries
            ],
            "chosen": chosen,
            "form": form,
            "event_types": EVENT_TYPES,
        },
        status=status,
    )


@operator_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, EndpointForm())


@operator_view
@require_POST
def add_endpoint(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        endpoint = actions.register_endpoint(
            person=_me(request),
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            description=form.cleaned_data["description"],
            include_private_text=form.cleaned_data["include_private_text"],
        )
    except ValidationError as exc:
        form.add_error("url" if exc.code == "url" else None, exc.messages[0])
        return _page(request, form, status=400)
    messages.success(request, f"Endpoint added: {endpoint.url}")
    return redirect("webhooks:home")


@operator_view
@require_POST
def resend(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    actions.resend(person=_me(request), delivery=delivery)
    messages.success(request, f"Queued again: {delivery.event_type} ({delivery.message_id}).")
    return redirect("webhooks:home")
