"""Run jobs at the same moment on separate threads (each with its own database connection), for
the race tests that need PostgreSQL's row locks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def race(jobs: list[Callable[[], Any]], *, barrier: bool = True) -> list[Any]:
    """Each job's result, or the exception it raised, in order. With `barrier`, all start
    together; without, each starts at once (jobs that wait on events of their own)."""
    gate = threading.Barrier(len(jobs)) if barrier else None
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            if gate is not None:
                gate.wait(timeout=10)
            results[i] = job()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
