"""A version per essay's thread, for caches of what anonymous readers see (issue 12).

Any change to a comment or a reaction of an essay bumps its version after commit, so a cached
page of its thread, or its comment count, is never read again once it is stale; entries also
expire on their own. The version lives in the cache (Redis when configured): if the cache is
lost, a new version starts from the clock, never from an old number.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
_KEY = "discussion:thread-version:{}"
CACHE_SECONDS = 300


def thread_version(essay_id: int) -> int:
    key = _KEY.format(essay_id)
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    return int(version)


def bump_thread(essay_id: int) -> None:
    """Call inside or outside a transaction. The version moves now and again after commit: a
    reader who cached the old rows under the first new version between the two is not read
    again once the change is committed."""

    def bump() -> None:
        cache.set(_KEY.format(essay_id), time.time_ns(), timeout=None)

    bump()
    transaction.on_commit(bump)


def cached_for_thread[T](essay_id: int, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per version of the essay's thread."""
    key = f"discussion:thread:{essay_id}:{thread_version(essay_id)}:{name}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found
