from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: Any  # a django.tasks Task taking no arguments


_jobs: dict[str, Job] = {}


def register(name: str, *, every: timedelta, task: Any) -> Job:
    """Register (or re-register, idempotently) a job that runs `task` at most once per `every`."""
    if every <= timedelta(0):
        raise ValueError("every must be positive")
    job = Job(name=name, every=every, task=task)
    _jobs[name] = job
    return job


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda j: j.name)
