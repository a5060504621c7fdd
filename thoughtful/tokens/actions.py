"""Every change to personal access tokens: create (the secret shown once), revoke, and the
"last used" stamp written when a token authenticates."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thoughtful.people.models import User
from thoughtful.security import throttle
from thoughtful.security.text import clean_text
from thoughtful.tokens.models import AccessToken, Scope

# Recognisable in logs and by secret scanners; distinct from the scorer's "tk_" keys.
TOKEN_PREFIX = "thp_"  # noqa: S105  (a public prefix, not a secret)
PREFIX_SHOWN = 12
MAX_LENGTH = 200  # longer is no token of ours: refused before hashing
MAX_TOKENS_PER_PERSON = 50
# last_used_at is refreshed at most this often, so a busy token doesn't write on every request
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _clean_scopes(scopes: Iterable[str]) -> str:
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown or not chosen:
        raise ValidationError(
            "Choose at least one scope: " + ", ".join(Scope.values) + ".", code="scopes"
        )
    return " ".join(s for s in Scope.values if s in chosen)  # in the documented order


@transaction.atomic
def create_token(*, owner: User, name: str, scopes: Iterable[str]) -> tuple[AccessToken, str]:
    """A new token for `owner`; returns it and the raw secret, the only time it is known."""
    if not owner.is_active:
        raise PermissionDenied("This account can't have tokens.")
    name = clean_text(name, multiline=False)[0].strip()
    if not name:
        raise ValidationError("Give the token a name, to recognise it later.", code="name")
    if len(name) > 80:
        raise ValidationError("A token's name is at most 80 characters.", code="name")
    scope_text = _clean_scopes(scopes)
    # Lock the owner's row: two forms submitted at once can't both pass the count.
    list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk"))
    if AccessToken.objects.filter(owner=owner, revoked_at__isnull=True).count() >= (
        MAX_TOKENS_PER_PERSON
    ):
        raise ValidationError(
            f"You have {MAX_TOKENS_PER_PERSON} tokens; revoke one you no longer use first.",
            code="too_many",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        owner=owner,
        name=name,
        scopes=scope_text,
        prefix=raw[:PREFIX_SHOWN],
        secret_hash=hash_secret(raw),
    )
    return token, raw


@transaction.atomic
def revoke_token(*, person: User, token: AccessToken) -> AccessToken:
    """Revoke one of your own tokens (staff revoke others' in the admin). Idempotent."""
    if token.owner_id != person.pk:
        raise PermissionDenied("That is not your token.")
    AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db()
    return token


def authenticate(raw: str, *, client_ip: str) -> AccessToken | None:
    """The active token whose secret is `raw`, or None (counted as a failed attempt).

    One throttle for every way in (security.throttle, issue 14): an address that failed too
    often is refused before the secret is looked at (raises throttle.Throttled), and a wrong
    token counts like a wrong password.
    """
    throttle.check_address(client_ip=client_ip)
    token = None
    if raw.startswith(TOKEN_PREFIX) and len(raw) <= MAX_LENGTH:
        token = (
            AccessToken.objects.active()
            .select_related("owner")
            .filter(secret_hash=hash_secret(raw))
            .first()
        )
    if token is None:
        throttle.record_failure(client_ip=client_ip)
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
