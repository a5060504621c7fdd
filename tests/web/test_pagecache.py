"""Anonymous pages a shared cache may keep (issue 12): the same bytes for every anonymous
reader, no cookie, public Cache-Control; signed-in pages private; a change shows at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import CommentFactory, EssayFactory, TagFactory, UserFactory
from tests.moderation.conftest import make_moderator
from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions as moderation_actions
from thoughtful.publishing import actions as publishing_actions
from thoughtful.publishing.models import Credit, Essay

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay() -> Essay:
    tag = TagFactory(name="Grief")
    essay = EssayFactory(title="The quiet after", tags=[tag])
    CommentFactory(essay=essay, body="A first, published thought.")
    CommentFactory(essay=essay, body="Someone's held comment", status=Comment.Status.HELD)
    return essay


def _pages(essay: Essay) -> list[str]:
    tag = essay.tags.get()
    return [
        "/",
        essay.get_absolute_url(),
        essay.get_absolute_url() + "?sort=newest",
        f"/people/{essay.author.username}/",
        tag.get_absolute_url(),
    ]


@pytest.mark.parametrize("django_cache", [False, True], ids=["rendered", "from-cache"])
def test_anonymous_pages_are_identical_and_set_no_cookie(
    settings: Any, essay: Essay, django_cache: bool
) -> None:
    """Two different anonymous readers (other address, other browser, one with old cookies)
    get byte-identical pages with no Set-Cookie and a shared-cacheable Cache-Control."""
    if django_cache:
        settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_LIST_SECONDS = 60
    settings.PAGE_S_MAXAGE, settings.PAGE_STALE_WHILE_REVALIDATE = 7, 45
    first = Client(REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT="Firefox")
    second = Client(REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT="Chromium")
    second.cookies["tv"] = "abc123"
    second.cookies["csrftoken"] = "x" * 32
    for url in _pages(essay):
        # A first view refreshes the author's contribution score (standing does it lazily),
        # which is the same change for everyone: let it happen before comparing readers.
        Client().get(url)
        a, b = first.get(url), second.get(url)
        assert a.status_code == b.status_code == 200, url
        assert a.cookies == {} and b.cookies == {}, url
        assert "Set-Cookie" not in a.headers and "Set-Cookie" not in b.headers
        assert a.content == b.content, url
        assert a["Cache-Control"] == "public, max-age=0, s-maxage=7, stale-while-revalidate=45"
        html = a.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert "held comment" not in html
        assert 'src="/static/thoughtful/beacon.js"' in html
    assert first.cookies == {} and set(second.cookies) == {"tv", "csrftoken"}


def test_signed_in_pages_are_private(client: Client, essay: Essay) -> None:
    client.force_login(UserFactory())
    for url in _pages(essay):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    # Their form (CSRF token, idempotency key) is in their own page.
    html = client.get(essay.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in html and 'name="idempotency_key"' in html


def test_a_pending_message_is_never_shared(client: Client, essay: Essay) -> None:
    client.cookies["messages"] = "anything"
    response = client.get(essay.get_absolute_url())
    assert "no-store" in response["Cache-Control"]


def test_a_missing_essay_is_not_cached(client: Client) -> None:
    response = client.get("/essays/no-such-essay/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


# --- Invalidation ----------------------------------------------------------------------------


@pytest.fixture
def cached(settings: Any, django_capture_on_commit_callbacks: Any) -> Iterator[Callable[..., Any]]:
    """The Django-side cache on, and a helper that runs a change and then its commit hooks
    (the test's transaction never commits, so page versions are bumped by hand here, exactly
    as they would be after a real commit)."""
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()

    def change(fn: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    yield change
    caches["pages"].clear()


def _get(url: str) -> tuple[str, str]:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Page-Cache", "")


def test_the_second_anonymous_view_comes_from_the_cache(essay: Essay, cached: Any) -> None:
    first, state = _get(essay.get_absolute_url())
    assert state == "miss"
    again, state = _get(essay.get_absolute_url())
    assert state == "hit" and again == first
    # utm tags don't make a new page; a sort does.
    assert _get(essay.get_absolute_url() + "?utm_source=x")[1] == "hit"
    assert _get(essay.get_absolute_url() + "?sort=newest")[1] == "miss"


def test_a_posted_comment_changes_the_page(essay: Essay, cached: Any) -> None:
    before, _ = _get(essay.get_absolute_url())
    writer = UserFactory()
    cached(
        lambda: discussion_actions.post_comment(
            author=writer, essay=essay, body="A newly posted, gentle and careful reply."
        )
    )
    after, state = _get(essay.get_absolute_url())
    assert state == "miss"
    assert "A newly posted, gentle and careful reply." in after
    assert before != after


def test_an_approved_comment_changes_the_page(essay: Essay, cached: Any) -> None:
    held = Comment.objects.get(status=Comment.Status.HELD)
    before, _ = _get(essay.get_absolute_url())
    assert "held comment" not in before
    moderator = make_moderator("maya")
    cached(lambda: moderation_actions.approve(moderator=moderator, comment=held))
    after, state = _get(essay.get_absolute_url())
    assert state == "miss" and "held comment" in after


def test_an_edited_essay_changes_the_page(essay: Essay, cached: Any) -> None:
    _get(essay.get_absolute_url())
    cached(
        lambda: publishing_actions.save_essay(
            author=essay.author,
            essay=essay,
            title=essay.title,
            body="A corrected second thought.",
        )
    )
    after, state = _get(essay.get_absolute_url())
    assert state == "miss" and "A corrected second thought." in after


def test_a_new_credit_changes_the_page(essay: Essay, cached: Any) -> None:
    _get(essay.get_absolute_url())
    editor = UserFactory(display_name="Edwina Editorial")
    cached(
        lambda: publishing_actions.set_credit(essay=essay, role=Credit.Role.EDITOR, person=editor)
    )
    after, state = _get(essay.get_absolute_url())
    assert state == "miss" and "Edwina Editorial" in after


def test_an_unpublished_essay_is_gone_at_once(essay: Essay, cached: Any) -> None:
    _get(essay.get_absolute_url())
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.UNPUBLISHED)
    assert Client().get(essay.get_absolute_url()).status_code == 404
