"""Two moderators decide the same comment at the same moment: one wins, the other is told who
decided, and nothing happens twice.

The real race needs PostgreSQL (row locks across connections): it runs when DATABASE_URL points
at PostgreSQL, as CI's second run does. On SQLite, which serialises writers, the same conflict
is tested sequentially (test_actions.test_second_decision_is_refused_naming_the_first).
"""

from __future__ import annotations

import pytest

from tests.concurrency import race
from tests.moderation.conftest import held, make_moderator
from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions
from thoughtful.moderation.models import LogEntry
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.mark.parametrize("rounds", range(5))
def test_two_moderators_one_comment(rounds: int, essay: Essay, commenter: User) -> None:
    ada, ben = make_moderator("ada"), make_moderator("ben")
    comment = held(essay, commenter)
    results = race(
        [
            lambda: actions.approve(moderator=ada, comment=comment),
            lambda: actions.reject(moderator=ben, comment=comment, reason_code="spam"),
        ]
    )
    winners = [r for r in results if isinstance(r, Comment)]
    losers = [r for r in results if isinstance(r, actions.AlreadyDecided)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].by in ("Ada", "Ben")
    assert LogEntry.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.status == winners[0].status


def test_two_moderators_ban_the_same_person(essay: Essay, commenter: User) -> None:
    ada, ben = make_moderator("ada"), make_moderator("ben")
    results = race(
        [
            lambda: actions.ban(moderator=ada, person=commenter, reason="Threats."),
            lambda: actions.ban(moderator=ben, person=commenter, reason="Threats."),
        ]
    )
    assert sum(isinstance(r, actions.AlreadyDecided) for r in results) == 1, results
    assert commenter.sanctions.count() == 1
