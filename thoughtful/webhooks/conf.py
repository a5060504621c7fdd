"""Webhook settings (thoughtful/settings.py reads them from the environment)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

# After a failed attempt the next waits this long (the Standard Webhooks suggestion: 5 s, 5 min,
# 30 min, 2 h, 5 h, 10 h, 10 h); a delivery failing them all is marked failed, and can be resent
# from the desk.
RETRY_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
# A claimed delivery is not picked up again for this long (a worker killed mid-send is retried
# after it; the send itself takes at most connect + read timeouts).
CLAIM_LEASE = timedelta(minutes=2)


def connect_timeout() -> float:
    return float(getattr(settings, "WEBHOOK_CONNECT_TIMEOUT", 3.0))


def read_timeout() -> float:
    return float(getattr(settings, "WEBHOOK_READ_TIMEOUT", 5.0))


def allow_private_addresses() -> bool:
    """Loopback and private addresses are refused in production (SSRF: an endpoint must not
    reach the database, Redis or cloud metadata); development and tests allow them."""
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False))


def retry_schedule() -> tuple[timedelta, ...]:
    seconds = getattr(settings, "WEBHOOK_RETRY_SECONDS", None)
    if seconds:
        return tuple(timedelta(seconds=float(s)) for s in seconds)
    return RETRY_SCHEDULE
