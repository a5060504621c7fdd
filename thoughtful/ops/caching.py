"""A Redis cache that is never an outage (issue 12).

Redis holds hot counters, rate-limit tokens and cached fragments; losing it must cost speed,
not the site. Every operation that fails to reach Redis (refused, reset, timed out) is answered
by a fallback cache instead (by default the database cache, so rate limits keep holding across
processes), and a circuit breaker keeps sending operations to the fallback for a few seconds so
a hung Redis costs one socket timeout per process per window, not one per operation.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

REDIS_FAILURES: tuple[type[BaseException], ...] = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    OSError,
)


class ResilientRedisCache(RedisCache):
    """RedisCache with a fallback cache and a circuit breaker.

    OPTIONS beyond Redis's own: ``FALLBACK`` (a cache alias, default "fallback") and
    ``RETRY_AFTER_SECONDS`` (how long the breaker stays open, default 5).
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.fallback_alias = str(options.pop("FALLBACK", "fallback"))
        self.retry_after = float(options.pop("RETRY_AFTER_SECONDS", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._breaker = threading.Lock()

    # The breaker is shared by the threads of one process.
    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _trip(self, exc: BaseException) -> None:
        with self._breaker:
            was_up = not self.is_down
            self._down_until = time.monotonic() + self.retry_after
        if was_up:
            logger.warning(
                "Redis unreachable (%s: %s); using the %r cache for %.0f s",
                type(exc).__name__,
                exc,
                self.fallback_alias,
                self.retry_after,
            )

    @property
    def fallback(self) -> BaseCache:
        return caches[self.fallback_alias]

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.is_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_FAILURES as exc:
                self._trip(exc)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", key, default, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call("delete", key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("get_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call("has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._call("incr", key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("delete_many", keys, version)

    def clear(self) -> Any:
        return self._call("clear")
