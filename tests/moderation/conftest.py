from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion.models import Comment
from thoughtful.people import actions as people_actions
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay


def make_moderator(username: str = "mod", role: Role = Role.MODERATOR) -> User:
    person = UserFactory(username=username, display_name=username.capitalize())
    people_actions.grant_role(user=person, role=role)
    return User.objects.get(pk=person.pk)  # a fresh instance: no stale role cache


@pytest.fixture
def moderator(db: None) -> User:
    return make_moderator("maya")


@pytest.fixture
def essay(db: None) -> Essay:
    return EssayFactory()


@pytest.fixture
def commenter(db: None) -> User:
    return UserFactory(username="cal", date_joined=timezone.now() - timedelta(days=40))


def held(
    essay: Essay, author: User, body: str = "You should be ashamed.", **decision: object
) -> Comment:
    return CommentFactory(
        essay=essay,
        author=author,
        body=body,
        status=Comment.Status.HELD,
        decision={
            "outcome": "hold",
            "reasons": ["score_hold"],
            "verdicts": [],
            "scores": {"toxicity": 0.91, "attack_on_author": 0.4},
            **decision,
        },
    )


from tests.discussion.conftest import fixed_scorer  # noqa: E402, F401  (shared fixture)
