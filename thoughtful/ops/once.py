"""Run a side effect at most once per key, across task retries (see models.DoneOnce)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from thoughtful.ops.models import DoneOnce

T = TypeVar("T")
KEEP_FOR = timedelta(days=30)


def already_done(key: str) -> bool:
    return DoneOnce.objects.filter(key=key).exists()


def run_once[T](key: str, effect: Callable[[], T]) -> T | None:
    """Call `effect` unless `key` is recorded as done; record it afterwards. None if skipped."""
    if already_done(key):
        return None
    result = effect()
    try:
        with transaction.atomic():
            DoneOnce.objects.create(key=key[:200])
    except IntegrityError:
        pass  # a concurrent retry got there too; the effect is done either way
    return result


def prune(*, now: object = None) -> int:
    moment = now or timezone.now()
    deleted, _ = DoneOnce.objects.filter(done_at__lt=moment - KEEP_FOR).delete()  # type: ignore[operator]
    return deleted
