"""The shield's records: each essay's protection state, the append-only log of level changes
(with the evidence that moved them), and one compact signal row per comment (issue 9)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay


class Level(models.TextChoices):
    OPEN = "open", "Open"
    WATCH = "watch", "Watch"
    SHIELD = "shield", "Shield"
    LOCKDOWN = "lockdown", "Lockdown"


class EssayProtection(models.Model):
    """One essay's protection. The effective level is the pinned level when a moderator pinned
    one; otherwise the highest of the automatic level, the author's raise and the author-wide
    floor (shield.selectors.effective_level)."""

    essay = models.OneToOneField(Essay, on_delete=models.CASCADE, related_name="protection_state")
    # What the signals decided (with hysteresis).
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.OPEN)
    since = models.DateTimeField(default=timezone.now)
    # When the signals first fell under the current level's rules; None while they are above.
    calm_since = models.DateTimeField(null=True, blank=True)
    pinned_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The essay's author may raise the level, never lower it below what the shield decided.
    author_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    # Another essay of the same author reached Shield: at least Watch until then.
    author_wide_until = models.DateTimeField(null=True, blank=True)
    author_wide_from = models.ForeignKey(
        Essay, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Sources ("news.example" or "utm:campaign") whose comments are held on this essay.
    held_sources = models.JSONField(default=list, blank=True)
    # Per-essay overrides of settings.SHIELD (thresholds, rules).
    overrides = models.JSONField(default=dict, blank=True)
    last_author_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "essay protection"
        indexes = [models.Index(fields=["level"], name="protection_level")]

    def __str__(self) -> str:
        return f"{self.essay}: {self.level}"


class LevelChange(models.Model):
    """Append-only: every change of an essay's effective level, with why."""

    class Cause(models.TextChoices):
        SIGNALS = "signals", "Signals crossed a rule"
        CALM = "calm", "Sustained calm"
        PIN = "pin", "Pinned by a moderator"
        UNPIN = "unpin", "Unpinned by a moderator"
        AUTHOR = "author", "Raised by the author"
        AUTHOR_WIDE = "author_wide", "Another essay of the author reached Shield"
        EXPIRED = "expired", "Author-wide protection ended"

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="level_changes")
    from_level = models.CharField(max_length=10, choices=Level.choices)
    to_level = models.CharField(max_length=10, choices=Level.choices)
    cause = models.CharField(max_length=20, choices=Cause.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The rules that fired and the window metrics at that moment.
    evidence = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["essay", "at"], name="levelchange_essay")]

    def __str__(self) -> str:
        return f"{self.essay_id}: {self.from_level} → {self.to_level} ({self.cause})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Level changes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Level changes are append-only.")


class Signal(models.Model):
    """What the shield noted about one comment, written by the worker after the comment commits
    (never on the request path). Windows are read from these rows; old rows are pruned."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="shield_signal")
    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="+")
    essay_author_id = models.BigIntegerField(null=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    hostile = models.BooleanField(default=False)
    newcomer = models.BooleanField(default=False)  # no relationship to the publication
    signed_up_here = models.BooleanField(default=False)
    follower = models.BooleanField(default=False)  # new to this author, on 2+ of their essays
    source = models.CharField(max_length=200, blank=True)
    minhash = models.JSONField(default=list, blank=True)
    # The earliest near-duplicate's signal (from another account): the cluster's root.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["essay", "at"], name="signal_essay_time")]

    def __str__(self) -> str:
        return f"signal for comment {self.comment_id}"
