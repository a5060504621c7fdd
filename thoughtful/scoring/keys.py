"""Creating, checking and rate limiting API keys.

Keys are random (256 bits), shown once, and stored as a SHA-256 hex digest: a fast hash is
enough for a high-entropy secret (no dictionary to guess from), and it lets a request be
checked with one indexed lookup. Keys share the sign-in throttle (thoughtful.security.throttle,
issue 14): from an address with too many failures, even a valid key is refused unlooked-at, and
a wrong key is a failure like a wrong password. Rate limits are fixed one-minute windows counted
in Django's cache (Redis in production), so every worker shares them and they cost no database
writes.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from thoughtful.scoring.models import ApiKey
from thoughtful.security import throttle

KEY_PREFIX = "tk_"
PREFIX_SHOWN = 10
# last_used_at is refreshed at most this often, so a busy key doesn't write on every request
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_api_key(*, name: str, rate_limit_per_minute: int = 60) -> tuple[ApiKey, str]:
    """Create a key; returns the saved model and the raw key (the only time it is known)."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name,
        prefix=raw[:PREFIX_SHOWN],
        key_hash=hash_key(raw),
        rate_limit_per_minute=rate_limit_per_minute,
    )
    return key, raw


def assign_new_secret(key: ApiKey) -> str:
    """Fill in prefix and hash for an unsaved key (the admin's add form); returns the raw key."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key.prefix = raw[:PREFIX_SHOWN]
    key.key_hash = hash_key(raw)
    return raw


def authenticate(raw: str | None, *, client_ip: str) -> ApiKey | None:
    """The active key matching `raw`, or None. Raises throttle.Throttled when `client_ip` has
    failed too often; no key sent is no attempt (a session caller), so it is not counted."""
    if not raw:
        return None
    throttle.check_address(client_ip=client_ip)
    key = (
        ApiKey.objects.filter(key_hash=hash_key(raw), revoked=False).first()
        if len(raw) <= 200
        else None
    )
    if key is None:
        throttle.record_failure(client_ip=client_ip)
    else:
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
    return key


def over_limit(bucket: str, limit: int) -> bool:
    """Count one request in `bucket`'s current minute; True when it is over `limit`."""
    window = int(time.time() // 60)
    cache_key = f"scoring-rate:{bucket}:{window}"
    if cache.add(cache_key, 1, timeout=70):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=70)
            count = 1
    return count > limit


def key_over_limit(key: ApiKey) -> bool:
    return over_limit(f"key:{key.pk}", key.rate_limit_per_minute)
