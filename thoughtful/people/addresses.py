"""Proving an email address after sign-up (issue 11): a changed address, or an account that was
never verified (made before issue 14, or by staff).

The same HMAC-over-state pattern as the sign-up link (people.confirmation): the link stops
working once used (the state it signs changes), when another change is asked for, when the
password changes (a reset cancels a change someone else asked for), or after
PASSWORD_RESET_TIMEOUT. A new address waits in `pending_email` and becomes the account's
address only when its link is followed, so mail never goes to an address nobody proved, and a
typo cannot lock anyone out of password reset.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from thoughtful.people.models import User


class _AddressTokens(PasswordResetTokenGenerator):
    key_salt = "thoughtful.people.addresses"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return (
            f"{user.pk}{user.password}{user.email}{user.pending_email}{user.email_verified_at}"
            f"{user.deleted_at}{timestamp}"
        )


tokens = _AddressTokens()


def address_to_confirm(person: User) -> str:
    """The address a link would prove: the pending one, else an unverified current one."""
    if person.pending_email:
        return person.pending_email
    if person.email and person.email_verified_at is None:
        return person.email
    return ""


def address_path(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("people:confirm-address", args=[uid, tokens.make_token(person)])


def person_for_link(uidb64: str, token: str) -> User | None:
    """The account whose address this link proves, or None (forged, used, expired)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    person = User.objects.filter(pk=pk, is_active=True, deleted_at__isnull=True).first()
    if person is None or not address_to_confirm(person) or not tokens.check_token(person, token):
        return None
    return person


def masked(address: str) -> str:
    """`a•••@example.org`: enough for the owner to recognise, not a full address in a notice."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"
