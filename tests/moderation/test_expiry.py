"""Suspensions end by themselves on their date, and what else is in force still applies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thoughtful import periodic
from thoughtful.moderation import actions
from thoughtful.moderation.models import LogEntry, Sanction
from thoughtful.people.models import CommentingStatus, User

pytestmark = pytest.mark.django_db


def test_an_ended_suspension_is_lifted_and_logged(moderator: User, commenter: User) -> None:
    now = timezone.now()
    suspension = actions.suspend(
        moderator=moderator, person=commenter, reason="Harassment", until=now + timedelta(days=2)
    )
    assert actions.expire_sanctions(now=now + timedelta(days=1)) == 0
    assert actions.expire_sanctions(now=now + timedelta(days=3)) == 1
    suspension.refresh_from_db()
    assert suspension.status == Sanction.Status.LIFTED
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.NORMAL
    entry = LogEntry.objects.filter(sanction=suspension, action=LogEntry.Action.LIFT).get()
    assert entry.automatic and entry.actor is None
    assert actions.expire_sanctions(now=now + timedelta(days=4)) == 0  # once only


def test_premoderation_survives_the_end_of_a_suspension(moderator: User, commenter: User) -> None:
    now = timezone.now()
    actions.premoderate(moderator=moderator, person=commenter, reason="Repeated hostility")
    actions.suspend(
        moderator=moderator, person=commenter, reason="Threat", until=now + timedelta(hours=1)
    )
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.SUSPENDED
    actions.expire_sanctions(now=now + timedelta(hours=2))
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.PREMODERATED


def test_expiry_runs_periodically() -> None:
    assert "moderation.expire_sanctions" in {job.name for job in periodic.jobs()}
