"""The weekly newsletter (issue 11): subscribers with double opt-in, editions built from the
social editor's newsletter blurbs, and one Delivery row per recipient and edition so a send
that stops halfway resumes without sending anyone the same edition twice."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from thoughtful.publishing.models import Essay


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    def receiving(self) -> SubscriberQuerySet:
        """Confirmed and not unsubscribed: who an edition goes to (Subscriber.receives)."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """A reader's address. Not tied to an account: readers without one may subscribe too."""

    email = models.EmailField(unique=True)
    # Set when the address's owner follows the emailed link (double opt-in); only then mailed.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Two secrets: the opt-in link, and the one-click unsubscribe link in every edition.
    confirm_token = models.CharField(max_length=64, unique=True, default=new_token)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def receives(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=200)
    # The email's text, frozen when the draft is made: what the editors preview is what goes.
    body = models.TextField()
    essays = models.ManyToManyField(Essay, blank=True, related_name="newsletter_editions")
    # Essays published after this moment and up to `covers_until` are in this edition.
    covers_since = models.DateTimeField(null=True, blank=True)
    covers_until = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One recipient of one edition. Claimed (PENDING → SENDING) by a conditional UPDATE before
    the email goes, marked SENT after: a second worker can't claim it, and a worker killed
    between the two leaves it SENDING, never sent again (at most once; the desk counts them)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Claimed"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="newsletter_delivery_once"
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="delivery_queue")]

    def __str__(self) -> str:
        return f"edition {self.edition_id} to subscriber {self.subscriber_id}: {self.status}"
