"""Endpoints an operator registered, and every message sent to them with its attempts."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from thoughtful.webhooks.events import EVENT_TYPES


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" + base64 of 24 random bytes (the key itself)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Endpoint(models.Model):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # Never shown in lists; the desk reveals it on request so the receiver can be configured.
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    # Event type names (events.EVENT_TYPES); an empty list receives nothing.
    events = models.JSONField(default=list, blank=True)
    # Moderators' own tools may read what moderators read: comment text (held and rejected
    # too), report notes and sanction reasons. Off by default: ids, URLs and public fields only.
    include_private_text = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-active", "url", "id"]

    def __str__(self) -> str:
        return self.description or self.url

    def subscribes_to(self, event_type: str) -> bool:
        return event_type in (self.events or [])

    def event_labels(self) -> list[str]:
        return [e for e in EVENT_TYPES if e in (self.events or [])]


class Delivery(models.Model):
    """One message to one endpoint; its attempts are kept (Attempt, append-only)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40)
    # What the event was (e.g. "moderation.logentry:42"): one delivery per endpoint and event,
    # so a task run twice (ops.sweep retries a lost worker's task) never sends it twice.
    event_key = models.CharField(max_length=100)
    # The webhook-id header: the same on every attempt and on a resend (receivers dedupe by it).
    message_id = models.CharField(max_length=40, default=new_message_id, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Attempts since the last (re)send: the backoff schedule counts these.
    round_attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_key"], name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class Attempt(models.Model):
    """Append-only: one row per HTTP attempt, what came back and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    resend = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.at}: {self.status_code or self.error}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Delivery attempts are append-only.")
        super().save(*args, **kwargs)

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
