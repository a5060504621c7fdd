from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone

from thoughtful.people.roles import Role


class CommentingStatus(models.TextChoices):
    """Set only by moderation's actions; read by the discussion pipeline (so discussion never
    imports moderation)."""

    NORMAL = "normal", "In good standing"
    PREMODERATED = "premoderated", "Pre-moderated"
    SUSPENDED = "suspended", "Suspended"
    BANNED = "banned", "Banned"


class User(AbstractUser):
    """A reader, commenter or member of staff. Custom from day one so fields can grow."""

    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(blank=True, max_length=2000)
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True)
    commenting_status = models.CharField(
        max_length=20, choices=CommentingStatus.choices, default=CommentingStatus.NORMAL
    )
    suspended_until = models.DateTimeField(null=True, blank=True)
    notify_replies = models.BooleanField(
        default=True, help_text="Email me when someone replies to my comment."
    )
    daily_digest = models.BooleanField(
        default=False, help_text="Email me a daily digest of new comments on essays I joined."
    )
    # Issue 14: set when the person follows the link emailed at sign-up. Empty for accounts
    # made before that, or by staff; a later issue reads it as a trust signal.
    email_verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("web:author", kwargs={"username": self.username})

    def effective_commenting_status(self, now: datetime | None = None) -> str:
        """A suspension ends by itself when its date passes; nothing has to run to lift it."""
        if (
            self.commenting_status == CommentingStatus.SUSPENDED
            and self.suspended_until
            and self.suspended_until <= (now or timezone.now())
        ):
            return CommentingStatus.NORMAL
        return str(self.commenting_status)

    def has_role(self, role: Role) -> bool:
        # Cached per instance: templates ask several times per page.
        cache: set[str] | None = getattr(self, "_role_cache", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self._role_cache = cache
        return self.is_superuser or role.value in cache
