from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import EssayFactory, UserFactory
from thoughtful.newsletter.models import Subscriber
from thoughtful.people import actions as people_actions
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay, SocialCopy


def essay_with_blurb(title: str, blurb: str, **kwargs: object) -> Essay:
    essay = EssayFactory(title=title, **kwargs)
    SocialCopy.objects.create(essay=essay, newsletter=blurb)
    return essay


def subscribers(count: int) -> list[Subscriber]:
    return [
        Subscriber.objects.create(email=f"reader{i}@example.org", confirmed_at=timezone.now())
        for i in range(count)
    ]


@pytest.fixture
def editor(db: None) -> User:
    person = UserFactory(username="edna")
    people_actions.grant_role(user=person, role=Role.EDITOR)
    return User.objects.get(pk=person.pk)
