"""The shield's one clock. Replay patches `now` to run a scenario in simulated time; everything
in the shield that needs "now" (calm sweeps, author-wide expiry, effective levels) asks here."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def _real_now() -> datetime:
    return timezone.now()


_now = _real_now


def now() -> datetime:
    return _now()


def set_now(fn: object) -> None:
    """Replay only: make `now()` answer from a simulated clock (None restores the real one)."""
    global _now
    _now = fn if callable(fn) else _real_now
