"""Sign-in throttling: a few failures per account and per client address, then a pause.

Counters live in the cache (Redis when configured), so they are shared by every web worker
there and cost no database writes.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, client_ip: str) -> list[str]:
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"signin-fail:user:{user_key}", f"signin-fail:ip:{client_ip}"]


def is_throttled(*, username: str, client_ip: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, client_ip))


def record_failure(*, username: str, client_ip: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(username, client_ip):
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window)


def clear_failures(*, username: str, client_ip: str) -> None:
    cache.delete(_keys(username, client_ip)[0])
