"""Moderation settings: defaults here, overridden by settings.MODERATION (read per call, never
at import time, so tests and deployments can change them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Trust: people with at least this contribution score skip the new-commenter hold
    # (discussion's HOLD_FIRST_COMMENTS rule).
    "TRUSTED_SCORE": 200,
    # A person whose comments were rejected at this rate or more, over this window, with at least
    # this many decided comments, is put on pre-moderation automatically (logged, reversible).
    "REJECTION_RATE": 0.3,
    "REJECTION_WINDOW_DAYS": 7,
    "REJECTION_MIN_DECISIONS": 3,
    # Queues.
    "PAGE_SIZE": 25,
    "RECENT_DAYS": 7,  # "Recently approved" looks back this far
    "HOT_WINDOW_MINUTES": 60,  # how hot an essay is: its comments in this window
    "COUNT_CAP": 1000,  # queue counts stop counting here ("1000+"): a bounded query
}


def value(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "MODERATION", {})}[name]
