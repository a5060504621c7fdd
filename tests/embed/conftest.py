from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.discussion.conftest import fixed_scorer  # noqa: F401  (shared fixture)
from tests.factories import UserFactory
from thoughtful.embed import tokens
from thoughtful.embed.models import EmbedSite
from thoughtful.people.models import User

PAGE = "https://blog.example.org/posts/hills/"
HOST = "https://blog.example.org"


@pytest.fixture
def site(db: None) -> EmbedSite:
    return EmbedSite.objects.create(
        name="Example blog",
        key="example",
        allowed_origins="https://blog.example.org\nhttp://localhost:8001",
        owner=UserFactory(username="blogger"),
    )


@pytest.fixture
def reader(db: None) -> User:
    return UserFactory(username="ruth", date_joined=timezone.now() - timedelta(days=60))


def bearer(person: User, site: EmbedSite) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(person=person, site=site)}"}


def post_comment(client: Client, site: EmbedSite, person: User, body: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {"site": site.key, "url": PAGE, "title": "Hills", "body": body, **extra}
    return client.post("/embed/api/comments/", data, **bearer(person, site))
