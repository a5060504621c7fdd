"""A nudge submitted twice at the same moment leaves one pending nudge (issue 12).

Needs PostgreSQL's row locks across connections (CI's second run); on SQLite, whose IMMEDIATE
transactions serialise writers, the double submit is tested in order
(test_nudge.test_a_double_submitted_nudge_leaves_one_pending_nudge).
"""

from __future__ import annotations

import pytest

from tests.concurrency import race
from thoughtful.discussion import actions
from thoughtful.discussion.models import Nudge
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.mark.parametrize("rounds", range(3))
def test_a_nudge_submitted_twice_at_once_is_one_nudge(
    rounds: int, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    text = f"Honestly the whiniest thing I have read, take {rounds}."
    key = f"form-{rounds}"  # one form, submitted twice
    results = race(
        [
            lambda: actions.post_comment(
                author=writer, essay=essay, body=text, idempotency_key=key
            ),
            lambda: actions.post_comment(
                author=writer, essay=essay, body=text, idempotency_key=key
            ),
        ]
    )
    assert all(isinstance(r, actions.PostResult) for r in results), results
    assert {r.outcome for r in results} == {"nudged"}
    assert results[0].nudge.pk == results[1].nudge.pk
    assert Nudge.objects.filter(outcome=Nudge.Outcome.PENDING).count() == 1
