from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.discussion.fakes import FixedScorer
from tests.factories import EssayFactory, UserFactory
from thoughtful.discussion import actions
from thoughtful.discussion.actions import CommentRefused, PostResult
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay
from thoughtful.shield import source

HOSTILE = {"toxicity": 0.7, "attack_on_author": 0.7}
KIND = {"toxicity": 0.02, "attack_on_author": 0.02}


@pytest.fixture
def scorer(settings: Any) -> Iterator[type[FixedScorer]]:
    settings.DISCUSSION = {
        **getattr(settings, "DISCUSSION", {}),
        "SCORER": "tests.discussion.fakes.fixed",
    }
    original = dict(FixedScorer.scores)
    FixedScorer.scores = dict(KIND)
    yield FixedScorer
    FixedScorer.scores = original


@pytest.fixture
def start() -> datetime:
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def essay(db: None) -> Essay:
    return EssayFactory()


def newcomer(start: datetime, name: str) -> User:
    return UserFactory(username=name, date_joined=start - timedelta(hours=2))


def regular(start: datetime, name: str) -> User:
    return UserFactory(username=name, date_joined=start - timedelta(days=90))


Poster = Callable[..., PostResult | str]


@pytest.fixture
def post(django_capture_on_commit_callbacks: Any, scorer: type[FixedScorer]) -> Poster:
    """Post through the real pipeline with the after-commit work (the shield's task) run."""

    def _post(
        person: User,
        essay: Essay,
        text: str,
        at: datetime,
        *,
        scores: dict[str, float] | None = None,
        referrer: str = "",
    ) -> PostResult | str:
        scorer.scores = dict(scores or KIND)
        visit = source.describe(referrer=referrer, landing=essay.get_absolute_url())
        with source.use(visit), django_capture_on_commit_callbacks(execute=True):
            try:
                result = actions.post_comment(author=person, essay=essay, body=text, now=at)
                if result.outcome == "nudged":
                    result = actions.post_comment(
                        author=person,
                        essay=essay,
                        body=text,
                        now=at,
                        post_anyway=True,
                        nudge_token=str(result.nudge.token) if result.nudge else "",
                    )
            except CommentRefused as exc:
                return f"refused:{exc.code}"
        return result

    return _post
