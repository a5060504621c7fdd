"""API keys for the scoring endpoints (issue 3). Only a SHA-256 of each key is stored."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ApiKey(models.Model):
    name = models.CharField(max_length=100, help_text="Who or what uses this key.")
    prefix = models.CharField(
        max_length=16, editable=False, help_text="First characters of the key, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    rate_limit_per_minute = models.PositiveIntegerField(
        default=60, help_text="Requests allowed per minute (fixed window)."
    )

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LabelledExample(models.Model):
    """A comment text with what this site's people said about it (issue 10, "learning from
    this site's moderators"): the training data of `thoughtful model --adapt`.

    Scoring imports no other app, so the comment is referred to by a plain integer and the
    higher floors (moderation's listeners, the Perspective endpoint) write these rows through
    thoughtful.scoring.labels and thoughtful.scoring.suggestions.
    """

    class Source(models.TextChoices):
        MODERATOR_APPROVE = "moderator_approve", "Moderator approved"
        MODERATOR_REJECT = "moderator_reject", "Moderator rejected"
        POST_ANYWAY = "post_anyway", "Posted anyway after the nudge, then decided"
        PERSPECTIVE_SUGGESTION = "perspective_suggestion", "Perspective suggestscore"

    text = models.TextField()
    # {attribute: value in [0, 1]}; an attribute left out is unknown, not 0.
    labels = models.JSONField(default=dict)
    source = models.CharField(max_length=30, choices=Source.choices)
    reason_code = models.CharField(max_length=40, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    client_token = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One example per comment: a later decision (reconsidered) replaces the earlier.
            models.UniqueConstraint(
                fields=["comment_id"],
                condition=models.Q(comment_id__isnull=False),
                name="labelled_example_one_per_comment",
            )
        ]
        indexes = [models.Index(fields=["source", "created_at"], name="labelled_source_created")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.text[:40]}"
