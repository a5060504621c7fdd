from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from thoughtful.people.roles import Role


class CommentingStatus(models.TextChoices):
    """Set only by moderation's actions; read by the discussion pipeline (so discussion never
    imports moderation)."""

    NORMAL = "normal", "In good standing"
    PREMODERATED = "premoderated", "Pre-moderated"
    SUSPENDED = "suspended", "Suspended"
    BANNED = "banned", "Banned"


# How a deleted account is named wherever it still appears (threads, the moderation log).
DELETED_NAME = "deleted account"


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
    # Issue 11: a new address waits here until its owner follows the link sent to it; until
    # then the old, verified address stays the account's address (people.addresses).
    pending_email = models.EmailField(blank=True)
    # Issue 11: part of the session hash, so rotating it ends every session ("sign out
    # everywhere"). Empty gives Django's own hash, so existing sessions survive the upgrade.
    session_token = models.CharField(max_length=64, blank=True, editable=False)
    # Issue 11: the person deleted their account; the row stays (comments, sanctions and the
    # moderation log point at it) but holds nothing personal (people.deletion).
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return DELETED_NAME
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_session_auth_hash(self) -> str:
        """Django's hash (over the password hash) plus `session_token` (issue 11)."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_token, algorithm="sha256"
        ).hexdigest()

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


class ReservedUsername(models.Model):
    """A deleted account's former username, kept only as a keyed hash so nobody can sign up
    under it and pass for the person who left (issue 11). The name itself is not stored."""

    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.digest[:12]


class AccountEvent(models.Model):
    """What a person did to their own account (issue 11): append-only, like the other logs.

    `detail` never holds a secret or a full address; it says enough to answer "when did my
    address change?" and "was it me?".
    """

    class Kind(models.TextChoices):
        EMAIL_CHANGE_REQUESTED = "email_change_requested", "Asked to change the email address"
        ADDRESS_CONFIRMED = "address_confirmed", "Confirmed an email address"
        PASSWORD_CHANGED = "password_changed", "Changed the password"
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", "Signed out everywhere"
        EXPORTED = "exported", "Downloaded their data"
        DELETED = "deleted", "Deleted the account"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"
