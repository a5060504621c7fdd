"""Scheduled publishing on a simulated clock: on time, caught up after downtime, exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.periodic.runner import run_due
from thoughtful.publishing import actions, search
from thoughtful.publishing.models import Essay, EssayEvent
from thoughtful.publishing.workflow import IllegalTransition

pytestmark = pytest.mark.django_db
S = Essay.Status


@pytest.fixture
def t0() -> datetime:
    return timezone.now().replace(microsecond=0) + timedelta(days=1)


def _schedule(staff: dict[str, User], at: datetime, now: datetime) -> Essay:
    essay = essay_at(S.READY, staff)
    actions.transition(essay=essay, actor=staff["editor"], action="approve", publish_at=at, now=now)
    essay.refresh_from_db()
    assert essay.status == S.SCHEDULED
    return essay


def test_not_published_before_its_time(staff: dict[str, User], t0: datetime) -> None:
    essay = _schedule(staff, t0 + timedelta(hours=2), now=t0)
    assert actions.publish_due(now=t0 + timedelta(hours=1, minutes=59)) == []
    essay.refresh_from_db()
    assert essay.status == S.SCHEDULED
    assert not Essay.objects.published().filter(pk=essay.pk).exists()


def test_the_sweep_publishes_within_a_minute(staff: dict[str, User], t0: datetime) -> None:
    at = t0 + timedelta(hours=2)
    essay = _schedule(staff, at, now=t0)
    assert actions.publish_due(now=at + timedelta(seconds=30)) == [essay.pk]
    essay.refresh_from_db()
    assert essay.status == S.PUBLISHED
    assert essay.published_at == at + timedelta(seconds=30)
    event = essay.events.get(action="publish")
    assert event.actor is None  # the scheduler, logged as such


def test_worker_down_then_catches_up(staff: dict[str, User], t0: datetime) -> None:
    """The delayed task never ran (worker down for hours); the first sweep afterwards publishes
    every essay that fell due, oldest first, and leaves the future one alone."""
    first = _schedule(staff, t0 + timedelta(hours=1), now=t0)
    second = _schedule(staff, t0 + timedelta(hours=3), now=t0)
    later = _schedule(staff, t0 + timedelta(days=2), now=t0)
    back_up = t0 + timedelta(hours=6)
    assert actions.publish_due(now=back_up) == [first.pk, second.pk]
    assert set(Essay.objects.filter(status=S.PUBLISHED).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    later.refresh_from_db()
    assert later.status == S.SCHEDULED


def test_publishing_twice_is_impossible(staff: dict[str, User], t0: datetime) -> None:
    at = t0 + timedelta(minutes=5)
    essay = _schedule(staff, at, now=t0)
    # The delayed task and the sweep both fire: one publishes, the other does nothing.
    assert actions.publish_if_due(essay_id=essay.pk, now=at) is True
    assert actions.publish_if_due(essay_id=essay.pk, now=at) is False
    assert actions.publish_due(now=at + timedelta(minutes=1)) == []
    with pytest.raises(IllegalTransition):
        actions.transition(essay=essay, actor=staff["editor"], action="publish", now=at)
    assert EssayEvent.objects.filter(essay=essay, action="publish").count() == 1


def test_a_stale_copy_cannot_publish_again(staff: dict[str, User], t0: datetime) -> None:
    essay = _schedule(staff, t0, now=t0)
    stale = Essay.objects.get(pk=essay.pk)  # loaded while still scheduled
    actions.publish_if_due(essay_id=essay.pk, now=t0)
    with pytest.raises(IllegalTransition):
        actions.transition(essay=stale, actor=None, action="publish", now=t0)


def test_return_unschedules(staff: dict[str, User], t0: datetime) -> None:
    essay = _schedule(staff, t0 + timedelta(hours=1), now=t0)
    actions.transition(essay=essay, actor=staff["editor"], action="return", note="Hold it", now=t0)
    assert actions.publish_due(now=t0 + timedelta(days=1)) == []
    essay.refresh_from_db()
    assert essay.status == S.RETURNED and essay.scheduled_for is None


def test_approve_for_now_publishes_through_the_task(
    staff: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    essay = essay_at(S.READY, staff)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(essay=essay, actor=staff["editor"], action="approve")
    essay.refresh_from_db()
    assert essay.status == S.PUBLISHED
    assert [e.pk for e in search.search(essay.title)] == [essay.pk]


def test_delayed_task_is_enqueued_with_run_after(
    staff: dict[str, User], settings: Any, django_capture_on_commit_callbacks: Any, t0: datetime
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    essay = essay_at(S.READY, staff)
    at = t0 + timedelta(hours=4)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(essay=essay, actor=staff["editor"], action="approve", publish_at=at)
    queued = [r for r in default_task_backend.results if r.task.name == "publish_scheduled"]
    assert len(queued) == 1
    assert queued[0].task.run_after == at
    assert queued[0].args == [essay.pk]


def test_periodic_runner_drives_the_sweep(staff: dict[str, User], t0: datetime) -> None:
    at = t0 + timedelta(minutes=10)
    essay = _schedule(staff, at, now=t0)
    # The sweep task reads the real clock; here the essay is due "now" by moving it back.
    Essay.objects.filter(pk=essay.pk).update(scheduled_for=timezone.now() - timedelta(seconds=5))
    assert "publishing.publish_due" in run_due()
    essay.refresh_from_db()
    assert essay.status == S.PUBLISHED
