"""Moderation's records: the append-only log, sanctions and their appeals, pile-on alerts.

Comments themselves stay discussion's; a decision changes Comment.status (through
moderation.actions) and writes a LogEntry in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay


class AppendOnlyError(RuntimeError):
    """The moderation log is never edited or deleted (Lobsters: a log you can trust)."""


class LogEntry(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        FEATURE = "feature", "Featured"
        UNFEATURE = "unfeature", "Unfeatured"
        WARN = "warn", "Warned"
        PREMODERATE = "premoderate", "Put on pre-moderation"
        SUSPEND = "suspend", "Suspended"
        BAN = "ban", "Banned"
        LIFT = "lift", "Lifted a sanction"
        APPEAL_UPHELD = "appeal_upheld", "Upheld on appeal"
        APPEAL_LIFTED = "appeal_lifted", "Lifted on appeal"
        ALERT_RESOLVED = "alert_resolved", "Resolved an alert"
        # A published comment taken back for review (the shield's bulk actions, issue 9).
        HOLD = "hold", "Held for review"

    # Null with automatic=True: the pipeline or a trust rule acted, not a person.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    automatic = models.BooleanField(default=False)
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_log"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_log",
    )
    sanction = models.ForeignKey(
        "Sanction", null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    # What the moderator saw at that moment: text, status, scores, reasons, reports.
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "log entries"
        indexes = [
            models.Index(fields=["action", "created_at"], name="modlog_action_time"),
            models.Index(fields=["comment", "-created_at"], name="modlog_comment"),
            models.Index(fields=["person", "-created_at"], name="modlog_person"),
        ]

    def __str__(self) -> str:
        who = self.actor or "automatic"
        return f"{who} {self.get_action_display().lower()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Moderation log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Moderation log entries cannot be deleted.")


class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARN = "warn", "Warning"
        PREMODERATE = "premoderate", "Pre-moderation"
        SUSPEND = "suspend", "Suspension"
        BAN = "ban", "Ban"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LIFTED = "lifted", "Lifted"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    reason = models.CharField(max_length=500)  # shown to the person
    note = models.TextField(blank=True, max_length=2000)  # moderators only
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sanctions_issued",
    )
    automatic = models.BooleanField(default=False)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)  # suspensions only; others until lifted
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lift_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["person", "status"], name="sanction_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"

    def in_force(self, now: datetime | None = None) -> bool:
        if self.status != self.Status.ACTIVE:
            return False
        return self.ends_at is None or self.ends_at > (now or timezone.now())

    @property
    def restricts(self) -> bool:
        """A warning is a record; the other kinds change how the person may comment."""
        return self.kind != self.Kind.WARN


class Appeal(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting a decision"
        UPHELD = "upheld", "Upheld"
        LIFTED = "lifted", "Sanction lifted"

    # One appeal per sanction.
    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(max_length=3000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=1000, blank=True)  # shown to the person

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="appeal_queue")]

    def __str__(self) -> str:
        return f"appeal of {self.sanction}: {self.status}"


class PileOnAlert(models.Model):
    """A sign that an essay or a comment is being piled on. The shield issue raises these; the
    desk shows them in their own queue."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="pile_on_alerts")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="pile_on_alerts"
    )
    signal = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    strength = models.FloatField(default=0.0)
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-strength", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="alert_queue")]

    def __str__(self) -> str:
        return f"{self.signal} on {self.essay}: {self.summary}"
