from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.discussion.fakes import FixedScorer
from tests.factories import EssayFactory, UserFactory
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay


@pytest.fixture
def fixed_scorer(settings: Any) -> Iterator[type[FixedScorer]]:
    """Route the pipeline's scoring step to FixedScorer; tests set FixedScorer.scores."""
    settings.DISCUSSION = {
        **getattr(settings, "DISCUSSION", {}),
        "SCORER": "tests.discussion.fakes.fixed",
    }
    original = dict(FixedScorer.scores)
    yield FixedScorer
    FixedScorer.scores = original


@pytest.fixture
def essay(db: None) -> Essay:
    return EssayFactory()


@pytest.fixture
def writer(db: None) -> User:
    from datetime import timedelta

    from django.utils import timezone

    # An established account: old enough for links and "members only" essays.
    return UserFactory(date_joined=timezone.now() - timedelta(days=60))
