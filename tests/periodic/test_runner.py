"""The periodic runner: due jobs enqueue once per period, restarts remember, racing is safe."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from thoughtful import periodic
from thoughtful.periodic import registry
from thoughtful.periodic.models import PeriodicRun
from thoughtful.periodic.runner import claim, run_due

pytestmark = pytest.mark.django_db
CALLS: list[str] = []


@task()
def tick() -> None:
    CALLS.append("tick")


@pytest.fixture
def only_tick(monkeypatch: Any) -> registry.Job:
    monkeypatch.setattr(registry, "_jobs", {})
    CALLS.clear()
    return periodic.register("test.tick", every=timedelta(minutes=10), task=tick)


def test_runs_when_due_and_not_before(only_tick: registry.Job) -> None:
    now = timezone.now()
    assert run_due(now=now) == ["test.tick"]
    assert run_due(now=now + timedelta(minutes=9)) == []
    assert run_due(now=now + timedelta(minutes=10)) == ["test.tick"]
    assert CALLS == ["tick", "tick"]
    assert PeriodicRun.objects.get(name="test.tick").runs == 2


def test_a_restart_does_not_double_run(only_tick: registry.Job) -> None:
    now = timezone.now()
    run_due(now=now)
    # A new process: the registry is rebuilt, the database remembers the last run.
    periodic.register("test.tick", every=timedelta(minutes=10), task=tick)
    assert run_due(now=now + timedelta(minutes=1)) == []


def test_two_runners_claim_once(only_tick: registry.Job) -> None:
    now = timezone.now()
    assert [claim(only_tick, now), claim(only_tick, now)] == [True, False]


def test_downtime_runs_once_not_once_per_missed_period(only_tick: registry.Job) -> None:
    now = timezone.now()
    run_due(now=now)
    assert run_due(now=now + timedelta(hours=5)) == ["test.tick"]
    assert CALLS == ["tick", "tick"]


def test_command_once(only_tick: registry.Job) -> None:
    out = io.StringIO()
    call_command("run_periodic", "--once", stdout=out)
    assert "enqueued test.tick" in out.getvalue()


def test_every_must_be_positive() -> None:
    with pytest.raises(ValueError):
        periodic.register("bad", every=timedelta(0), task=tick)


def test_publishing_registers_its_jobs() -> None:
    names = {j.name for j in periodic.jobs()}
    assert {"publishing.publish_due", "publishing.prune_revisions"} <= names
