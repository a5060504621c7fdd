"""Trust rules: the first comments of a new commenter are held unless their contribution score
is high enough; a high rejection rate puts a person on pre-moderation, logged and reversible."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import CommentFactory, UserFactory
from tests.moderation.conftest import held
from thoughtful.discussion import actions as discussion_actions
from thoughtful.moderation import actions
from thoughtful.moderation.models import LogEntry, Sanction
from thoughtful.people.models import CommentingStatus, User
from thoughtful.publishing.models import Essay
from thoughtful.standing.models import Standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold_first(settings: Any, fixed_scorer: Any) -> None:
    settings.DISCUSSION = {**settings.DISCUSSION, "HOLD_FIRST_COMMENTS": 2}
    settings.MODERATION = {"TRUSTED_SCORE": 200}


def test_a_new_commenters_first_comments_are_held(hold_first: None, essay: Essay) -> None:
    newcomer = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    result = discussion_actions.post_comment(author=newcomer, essay=essay, body="Hello, first.")
    assert result.outcome == "held" and "first_comment" in result.reasons


def test_a_high_contribution_score_skips_the_new_commenter_hold(
    hold_first: None, essay: Essay
) -> None:
    essayist = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    Standing.objects.create(person=essayist, score=250)
    result = discussion_actions.post_comment(author=essayist, essay=essay, body="Thank you all.")
    assert result.outcome == "published"


def test_the_threshold_is_configurable(hold_first: None, settings: Any, essay: Essay) -> None:
    settings.MODERATION = {"TRUSTED_SCORE": 1000}
    essayist = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    Standing.objects.create(person=essayist, score=250)
    result = discussion_actions.post_comment(author=essayist, essay=essay, body="Thank you all.")
    assert result.outcome == "held"


def _history(author: User, essay: Essay, published: int) -> None:
    for i in range(published):
        CommentFactory(essay=essay, author=author, body=f"fine {i}")


def test_a_high_rejection_rate_premoderates_automatically(
    moderator: User, essay: Essay, commenter: User
) -> None:
    _history(commenter, essay, 2)
    first = held(essay, commenter, "one")
    actions.reject(moderator=moderator, comment=first, reason_code="personal_attack")
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.PREMODERATED  # 1 of 3 = 33%
    sanction = Sanction.objects.get(person=commenter)
    assert sanction.automatic and sanction.issued_by is None and sanction.kind == "premoderate"
    entry = LogEntry.objects.get(sanction=sanction)
    assert entry.automatic and entry.actor is None and entry.action == "premoderate"
    assert "1 of 3" in entry.note

    # Reversible: a moderator lifts it, and the same old rejections don't put it back.
    actions.lift(moderator=moderator, sanction=sanction, reason="A bad day.")
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.NORMAL
    assert actions.apply_rejection_rule(person_id=commenter.pk) is None


def test_below_the_rate_or_the_minimum_nothing_happens(
    moderator: User, essay: Essay, commenter: User
) -> None:
    _history(commenter, essay, 3)
    actions.reject(moderator=moderator, comment=held(essay, commenter, "x"), reason_code="spam")
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.NORMAL  # 1 of 4 = 25%

    other = UserFactory()
    actions.reject(moderator=moderator, comment=held(essay, other, "y"), reason_code="spam")
    other.refresh_from_db()
    assert other.commenting_status == CommentingStatus.NORMAL  # 1 of 1, under the minimum


def test_old_rejections_fall_out_of_the_window(
    moderator: User, essay: Essay, commenter: User
) -> None:
    _history(commenter, essay, 2)
    old = held(essay, commenter, "old")
    old.created_at = timezone.now() - timedelta(days=10)
    old.save()
    actions.reject(moderator=moderator, comment=old, reason_code="spam")
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.NORMAL
