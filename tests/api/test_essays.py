"""Essays over the API: published only, newest first, by cursor; by author and by tag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import assert_error, bearer, token_for
from tests.factories import EssayFactory, TagFactory, UserFactory
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _published(n: int, **kwargs: object) -> list[Essay]:
    now = timezone.now()
    return [EssayFactory(published_at=now - timedelta(hours=i + 1), **kwargs) for i in range(n)]


def test_the_list_pages_by_cursor_through_every_published_essay(client: Client) -> None:
    essays = _published(5)
    EssayFactory(status=Essay.Status.DRAFT, published_at=None, slug="a-draft")
    EssayFactory(published_at=timezone.now() + timedelta(days=1), slug="not-yet")
    seen: list[str] = []
    after = ""
    for _ in range(4):
        response = client.get("/api/v1/essays", {"limit": 2, "after": after})
        assert response.status_code == 200
        body = response.json()
        seen += [item["slug"] for item in body["items"]]
        after = body["next_cursor"]
        if after is None:
            break
    assert seen == [e.slug for e in essays]  # newest first, each once, no draft, no future


def test_a_broken_cursor_is_a_400_with_its_code(client: Client) -> None:
    _published(1)
    for cursor in ("nonsense", "WzEsMl0", "W10", "!!!"):
        assert_error(client.get("/api/v1/essays", {"after": cursor}), 400, "bad_cursor")


def test_detail_shows_a_published_essay_and_hides_a_draft(client: Client) -> None:
    essay = _published(1)[0]
    response = client.get(f"/api/v1/essays/{essay.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == essay.title and "<strong>ten years</strong>" in body["body_html"]
    assert body["author"]["username"] == essay.author.username
    assert body["comments_url"] == f"/api/v1/essays/{essay.slug}/comments"
    draft = EssayFactory(status=Essay.Status.IN_EDIT, published_at=None)
    assert_error(client.get(f"/api/v1/essays/{draft.slug}"), 404, "not_found")
    # A token changes nothing about what is published.
    raw = token_for(draft.author, "read")
    assert_error(client.get(f"/api/v1/essays/{draft.slug}", **bearer(raw)), 404, "not_found")


def test_essays_by_author_and_by_tag(client: Client) -> None:
    ada = UserFactory(username="ada")
    grief = TagFactory(name="grief", slug="grief")
    mine = _published(2, author=ada)
    tagged = EssayFactory(tags=[grief])
    _published(2)
    by_ada = client.get("/api/v1/people/ada/essays").json()
    assert [i["slug"] for i in by_ada["items"]] == [e.slug for e in mine]
    by_tag = client.get("/api/v1/tags/grief/essays").json()
    assert [i["slug"] for i in by_tag["items"]] == [tagged.slug]
    assert by_tag["items"][0]["tags"] == [{"slug": "grief", "name": "grief"}]
    assert_error(client.get("/api/v1/people/nobody/essays"), 404, "not_found")
    assert_error(client.get("/api/v1/tags/nothing/essays"), 404, "not_found")
