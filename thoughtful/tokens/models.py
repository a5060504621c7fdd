"""Personal access tokens for the JSON API (issue 13): named, scoped, revocable, hashed.

A token belongs to a person and acts as them, within its scopes; the permission rules
(people.permissions) still decide what that person may do. Only a SHA-256 digest of the secret
is stored: the secret is random (256 bits), so a fast hash is enough (no dictionary to guess
from) and a request is checked with one indexed lookup, as scoring.keys does for scorer keys.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    READ = "read", "Read: see what you can see on the site, as you"
    WRITE = "write", "Write: comment, edit, delete, react, report, editorial workflow"
    MODERATE = "moderate", "Moderate: the moderator desk's queues and decisions"


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def active(self) -> AccessTokenQuerySet:
        return self.filter(revoked_at__isnull=True, owner__is_active=True)


class AccessToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=80, help_text="What uses this token, to recognise it.")
    # Space-separated Scope values, e.g. "read write".
    scopes = models.CharField(max_length=40)
    prefix = models.CharField(
        max_length=16, editable=False, help_text="First characters of the token."
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "personal access token"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="token_by_owner")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
