"""Reads for the webhooks page."""

from __future__ import annotations

from django.db.models import QuerySet

from thoughtful.webhooks.models import Delivery, Endpoint


def endpoints() -> QuerySet[Endpoint]:
    return Endpoint.objects.all()


def recent_deliveries(*, endpoint_id: int | None = None, limit: int = 50) -> list[Delivery]:
    rows = Delivery.objects.select_related("endpoint").prefetch_related("attempt_log")
    if endpoint_id is not None:
        rows = rows.filter(endpoint_id=endpoint_id)
    return list(rows.order_by("-created_at", "-id")[:limit])
