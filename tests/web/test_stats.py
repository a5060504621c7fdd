"""Contributor stats (web/stats.py): per-essay counts over time and the score's parts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EssayFactory
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db
S = Essay.Status


@pytest.fixture
def staff() -> dict[str, User]:
    from tests.factories import UserFactory

    return {"author": UserFactory(), "reader": UserFactory()}


def test_stats_page(client: Client, staff: dict[str, User]) -> None:
    from django.utils import timezone

    from tests.factories import CommentFactory
    from thoughtful.publishing.models import DailyReads, Heart

    essay = EssayFactory(author=staff["author"], title="Counted essay")
    DailyReads.objects.create(essay=essay, day=timezone.localdate(), reads=40)
    CommentFactory(essay=essay)
    Heart.objects.create(essay=essay, person=staff["reader"])
    client.force_login(staff["author"])
    page = client.get(reverse("web:stats")).content.decode()
    assert "Counted essay" in page
    assert "40 reads · 1 comments · 0 reactions · 1 hearts" in page
    assert "Contribution: 106" in page  # 100 + 40 reads / 10 + 2 for the heart


def test_stats_need_sign_in(client: Client) -> None:
    assert client.get(reverse("web:stats")).status_code == 302
