"""Per-caller rate limits for the JSON API (issue 13): fixed one-minute windows counted in the
cache (Redis in production), so every worker shares them and they cost no database writes.

A token is counted by itself (two scripts of one person get a limit each), a session by its
person, an anonymous caller by address. Over the limit is a 429 with Retry-After: the seconds
left in the window.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def _count(bucket: str) -> tuple[int, int]:
    """Count one request in `bucket`'s current window; (count, seconds left in the window)."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{bucket}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 10):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 10)
            count = 1
    left = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return count, left


def retry_after(bucket: str, limit: int) -> int | None:
    """None while under `limit`, else the seconds to wait."""
    count, left = _count(bucket)
    return left if count > limit else None


def limit_for(kind: str) -> int:
    return int(
        {
            "token": settings.API_TOKEN_RATE_LIMIT,
            "session": settings.API_SESSION_RATE_LIMIT,
            "anonymous": settings.API_ANONYMOUS_RATE_LIMIT,
        }[kind]
    )
