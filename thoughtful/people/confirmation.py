"""The emailed link that finishes a sign-up (issue 14, item 10a).

Django's password-reset token pattern: an HMAC over the account's state and a timestamp, so a
link stops working once it has been used (the account is then active and verified), when the
address or password changes, or after PASSWORD_RESET_TIMEOUT (three days by default). Nothing is
stored; the secret key signs it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from thoughtful.people.models import User

# An account waiting for its link: never active, never verified, never signed in. (Staff may
# deactivate other accounts; those have signed in before, or were verified.)
AWAITING_CONFIRMATION = Q(
    is_active=False,
    email_verified_at__isnull=True,
    last_login__isnull=True,
    deleted_at__isnull=True,
)


class _ConfirmationTokens(PasswordResetTokenGenerator):
    key_salt = "thoughtful.people.confirmation"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return (
            f"{user.pk}{user.password}{user.email}{user.is_active}"
            f"{user.email_verified_at}{timestamp}"
        )


tokens = _ConfirmationTokens()


def confirmation_path(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("people:confirm-email", args=[uid, tokens.make_token(person)])


def awaiting_person(uidb64: str, token: str) -> User | None:
    """The account this link confirms, or None for a link that is forged, used or expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    person = User.objects.filter(AWAITING_CONFIRMATION, pk=pk).first()
    if person is None or not tokens.check_token(person, token):
        return None
    return person


def address_in_use(email: str, *, excluding: int | None = None) -> bool:
    """Whether an account someone can use (or could once) already has this address.

    Accounts still awaiting their link don't count: whoever owns the address confirms the one
    they asked for, and the first confirmed wins.
    """
    others = User.objects.filter(email__iexact=email).exclude(AWAITING_CONFIRMATION)
    if excluding is not None:
        others = others.exclude(pk=excluding)
    return others.exists()
