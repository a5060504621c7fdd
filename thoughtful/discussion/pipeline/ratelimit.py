"""A per-person rate limit with bursts (GCRA, the algorithm behind token buckets), in the cache.

One value per person: the "theoretical arrival time". Shared by every web worker when the cache
is Redis. A short cache lock makes the read-modify-write safe across processes; if the lock is
busy the attempt is treated as too fast, which errs on the side of the discussion.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(key: str, *, interval: float, burst: int, now: float | None = None) -> tuple[bool, float]:
    """Consume one token; returns (allowed, seconds to wait when refused)."""
    moment = time.time() if now is None else now
    lock = f"{key}:lock"
    if not cache.add(lock, 1, timeout=2):
        return False, 1.0
    try:
        tat = float(cache.get(key) or moment)
        tat = max(tat, moment)
        allowed_from = tat - interval * (burst - 1)
        if moment < allowed_from:
            return False, allowed_from - moment
        new_tat = tat + interval
        cache.set(key, new_tat, timeout=int(interval * burst) + 60)
        return True, 0.0
    finally:
        cache.delete(lock)
