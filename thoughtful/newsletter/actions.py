"""Every change to the newsletter happens here: subscribing (double opt-in), confirming,
unsubscribing, drafting an edition and sending it through the task worker."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thoughtful.newsletter import builder
from thoughtful.newsletter.models import Delivery, Edition, Subscriber, new_token
from thoughtful.people import permissions
from thoughtful.people.models import User

logger = logging.getLogger(__name__)


def _enqueue(task_name: str, *args: object) -> None:
    def enqueue() -> None:
        from thoughtful.newsletter import tasks

        try:
            getattr(tasks, task_name).enqueue(*args)
        except Exception:  # the periodic resume job picks a lost send up again
            logger.exception("could not enqueue %s for %s", task_name, args)

    transaction.on_commit(enqueue)


@transaction.atomic
def subscribe(*, email: str) -> Subscriber:
    """Ask to subscribe. The page answers the same whatever the address's state (nothing says
    who subscribes); a link goes out unless the address already receives the newsletter."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:  # the same address, a moment ago
        subscriber = Subscriber.objects.get(email=email)
    if subscriber.receives:
        return subscriber
    if subscriber.unsubscribed_at is not None:
        # Coming back: a fresh opt-in, with fresh links.
        subscriber.confirmed_at = subscriber.unsubscribed_at = None
        subscriber.confirm_token, subscriber.unsubscribe_token = new_token(), new_token()
        subscriber.save()
    _enqueue("send_opt_in", subscriber.pk)
    return subscriber


@transaction.atomic
def confirm(*, token: str) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().filter(confirm_token=token).first()
    if subscriber is None or subscriber.unsubscribed_at is not None:
        raise ValidationError("This link is invalid or has expired.", code="invalid_link")
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def unsubscribe(*, token: str) -> Subscriber | None:
    """One click, no sign-in: the token in the email is the proof. Repeating it is harmless."""
    subscriber = Subscriber.objects.select_for_update().filter(unsubscribe_token=token).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    # Anything still waiting for this address is dropped.
    Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).delete()
    return subscriber


@transaction.atomic
def draft_edition(*, editor: User, now: datetime | None = None) -> Edition:
    permissions.require(permissions.can_send_newsletter(editor), "Only editors send newsletters.")
    draft = builder.build(now=now)
    if not draft.essays:
        raise ValidationError("No essays were published since the last edition.", code="empty")
    edition = Edition.objects.create(
        subject=draft.subject,
        body=draft.body,
        covers_since=draft.covers_since,
        covers_until=draft.covers_until,
        created_by=editor,
    )
    edition.essays.set(draft.essays)
    return edition


@transaction.atomic
def send_edition(*, editor: User, edition: Edition) -> int:
    """Queue the edition to every confirmed subscriber: one Delivery row each (unique per
    edition and subscriber), then the first batch task. Returns the number of recipients."""
    permissions.require(permissions.can_send_newsletter(editor), "Only editors send newsletters.")
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status != Edition.Status.DRAFT:
        raise ValidationError("This edition has already been sent.", code="already_sent")
    locked.status = Edition.Status.SENDING
    locked.sent_by = editor
    locked.send_started_at = timezone.now()
    locked.save(update_fields=["status", "sent_by", "send_started_at"])
    recipients = Subscriber.objects.receiving().values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        [Delivery(edition=locked, subscriber_id=pk) for pk in recipients],
        ignore_conflicts=True,
    )
    _enqueue("send_batch", locked.pk)
    return Delivery.objects.filter(edition=locked).count()


def _claim(delivery_id: int) -> bool:
    """PENDING → SENDING in one conditional UPDATE: whoever changes the row sends the email."""
    return bool(
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now()
        )
    )


def send_batch(*, edition_id: int, size: int) -> tuple[int, bool]:
    """Send up to `size` waiting deliveries of an edition. Returns (sent, more waiting).

    Each email is claimed before it goes and marked after, each in its own short transaction,
    so a worker killed at any point leaves every delivery either waiting (sent later, once),
    or claimed (never sent again). A failed send is marked FAILED and logged; the rest go on.
    """
    from thoughtful.newsletter.mail import send_edition_to

    edition = Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).first()
    if edition is None:
        return 0, False
    waiting = list(
        Delivery.objects.filter(edition=edition, status=Delivery.Status.PENDING)
        .select_related("subscriber")
        .order_by("pk")[:size]
    )
    sent = 0
    for delivery in waiting:
        if not _claim(delivery.pk):
            continue  # another worker has it
        try:
            send_edition_to(edition, delivery.subscriber)
        except Exception:
            Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT, sent_at=timezone.now()
        )
        sent += 1
    more = Delivery.objects.filter(edition=edition, status=Delivery.Status.PENDING).exists()
    if not more:
        Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
            status=Edition.Status.SENT, sent_at=timezone.now()
        )
    return sent, more


def editions_to_resume() -> list[int]:
    return list(
        Edition.objects.filter(
            status=Edition.Status.SENDING, deliveries__status=Delivery.Status.PENDING
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def require_sender(person: User) -> None:
    if not permissions.can_send_newsletter(person):
        raise PermissionDenied("Only editors send newsletters.")
