"""Every webhook state change: register an endpoint, fan an event out, attempt a delivery,
pick up due retries, resend. Runs in the task worker, except the desk's register and resend."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thoughtful.people import permissions
from thoughtful.people.models import User
from thoughtful.webhooks import conf, payloads, signing, transport
from thoughtful.webhooks.events import EVENT_TYPES
from thoughtful.webhooks.models import Attempt, Delivery, Endpoint

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    type: str
    # What happened, once (e.g. "moderation.logentry:42"): the same event never makes two
    # deliveries to one endpoint, however often its task runs.
    key: str
    at: datetime
    # build(private) -> the payload's data; private for endpoints with include_private_text.
    build: Callable[[bool], dict[str, Any]]


# --- endpoints ----------------------------------------------------------------------------------


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = [e for e in EVENT_TYPES if e in set(events)]
    unknown = set(events) - set(EVENT_TYPES)
    if unknown:
        raise ValidationError(f"Unknown event: {sorted(unknown)[0]}.", code="events")
    if not chosen:
        raise ValidationError("Choose at least one event.", code="events")
    return chosen


def register_endpoint(
    *,
    person: User,
    url: str,
    events: Iterable[str],
    description: str = "",
    include_private_text: bool = False,
) -> Endpoint:
    permissions.require(permissions.can_manage_webhooks(person), "Only operators manage webhooks.")
    url = url.strip()
    try:
        transport.check_url(url)
    except transport.Refused as exc:
        raise ValidationError(f"That URL can't be used: {exc}.", code="url") from None
    return Endpoint.objects.create(
        url=url[:500],
        description=description.strip()[:200],
        events=_clean_events(events),
        include_private_text=include_private_text,
        created_by=person,
    )


# --- fan-out ------------------------------------------------------------------------------------


def subscribers(event_type: str) -> list[Endpoint]:
    return [e for e in Endpoint.objects.filter(active=True) if e.subscribes_to(event_type)]


def emit(event: Event, *, now: datetime | None = None) -> list[int]:
    """One delivery per active endpoint subscribed to the event (none twice); each is sent by
    its own task, so one dead endpoint never holds up another. Returns the new deliveries."""
    endpoints = subscribers(event.type)
    if not endpoints:
        return []
    moment = now or timezone.now()
    built: dict[bool, dict[str, Any]] = {}
    created: list[int] = []
    for endpoint in endpoints:
        private = endpoint.include_private_text
        if private not in built:
            built[private] = payloads.envelope(event.type, event.at, event.build(private))
        delivery, made = Delivery.objects.get_or_create(
            endpoint=endpoint,
            event_key=event.key[:100],
            defaults={
                "event_type": event.type,
                "payload": built[private],
                "next_attempt_at": moment,
                "created_at": moment,
            },
        )
        if made:
            created.append(delivery.pk)
    for pk in created:
        transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))  # type: ignore[misc]
    return created


def enqueue_delivery(delivery_id: int, *, at: datetime | None = None) -> None:
    from thoughtful.webhooks.tasks import deliver

    try:
        backend = deliver.get_backend()
        if at is not None and backend.supports_defer:
            deliver.using(run_after=at).enqueue(delivery_id)
        elif at is None:
            deliver.enqueue(delivery_id)
        # Otherwise the periodic sweep (deliver_due) sends it when it falls due.
    except Exception:
        # The periodic sweep picks it up; nothing may fail the caller for a webhook.
        logger.exception("could not enqueue webhook delivery %s", delivery_id)


# --- sending ------------------------------------------------------------------------------------


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def _claim(delivery_id: int, moment: datetime) -> bool:
    """True for one caller: a due pending delivery is leased before it is sent, so duplicate
    tasks (the sweep and a deferred retry, a requeued lost task) send it once."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=moment)
    return bool(
        Delivery.objects.filter(due, pk=delivery_id, status=Delivery.Status.PENDING).update(
            next_attempt_at=moment + conf.CLAIM_LEASE
        )
    )


def attempt(*, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Send one due delivery once; None when it was not due (or someone else is sending it)."""
    moment = now or timezone.now()
    if not _claim(delivery_id, moment):
        return None
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    resend = delivery.round_attempts == 0 and delivery.attempts > 0
    if not endpoint.active:
        result = transport.Result(None, 0, "endpoint disabled")
    else:
        body = body_of(delivery)
        # The real clock, not `now`: receivers reject timestamps far from their own.
        headers = signing.headers(
            secret=endpoint.secret,
            message_id=delivery.message_id,
            timestamp=int(time.time()),
            body=body,
        )
        result = transport.post(endpoint.url, body=body, headers=headers)
    Attempt.objects.create(
        delivery=delivery,
        at=moment,
        status_code=result.status_code,
        response_ms=result.elapsed_ms,
        error=result.error[:300],
        resend=resend,
    )
    delivery.attempts += 1
    delivery.round_attempts += 1
    delivery.last_status_code = result.status_code
    delivery.last_response_ms = result.elapsed_ms
    delivery.last_error = result.error[:300]
    schedule = conf.retry_schedule()
    if result.ok:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = moment
        delivery.next_attempt_at = None
    elif endpoint.active and delivery.round_attempts <= len(schedule):
        delivery.next_attempt_at = moment + schedule[delivery.round_attempts - 1]
    else:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
    delivery.save(
        update_fields=[
            "attempts",
            "round_attempts",
            "last_status_code",
            "last_response_ms",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    if delivery.status == Delivery.Status.PENDING:
        enqueue_delivery(delivery.pk, at=delivery.next_attempt_at)
        logger.info(
            "webhook %s to %s failed (%s); retry at %s",
            delivery.message_id,
            endpoint.url,
            result.error,
            delivery.next_attempt_at,
        )
    return delivery


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    """The periodic sweep: send every pending delivery whose time has come (retries whose
    deferred task was lost, or a backend that cannot defer). Each goes out in its own task."""
    moment = now or timezone.now()
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=moment)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    from thoughtful.webhooks.tasks import deliver

    for pk in due:
        try:
            deliver.enqueue(pk)
        except Exception:
            logger.exception("could not enqueue webhook delivery %s", pk)
    return due


def resend(*, person: User, delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Send the same message again (same webhook-id, fresh timestamp and signature) with a
    fresh retry schedule; the attempts so far stay in the record."""
    permissions.require(permissions.can_manage_webhooks(person), "Only operators manage webhooks.")
    moment = now or timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PENDING,
            round_attempts=0,
            next_attempt_at=moment,
        )
        transaction.on_commit(lambda: enqueue_delivery(delivery.pk))
    delivery.refresh_from_db()
    return delivery
