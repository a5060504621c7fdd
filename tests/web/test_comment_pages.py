"""The comments endpoint (issue 12): a page of a thread as JSON or HTML, the page's sorts and
cursors, cached for anonymous readers per version of the thread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import actions
from thoughtful.discussion.models import Comment

pytestmark = pytest.mark.django_db


def _thread(n: int):  # type: ignore[no-untyped-def]
    essay = EssayFactory()
    start = timezone.now() - timedelta(hours=1)
    people = [UserFactory() for _ in range(3)]
    comments = [
        CommentFactory(
            essay=essay,
            author=people[i % 3],
            body=f"Comment number {i}",
            created_at=start + timedelta(seconds=i),
        )
        for i in range(n)
    ]
    return essay, comments


def test_json_pages_follow_the_cursor_through_the_whole_thread(client: Client) -> None:
    essay, comments = _thread(45)
    url = reverse("web:comments-page", args=[essay.slug])
    seen: list[int] = []
    cursor = ""
    for _ in range(5):
        data = client.get(url, {"sort": "oldest", "format": "json", "after": cursor}).json()
        assert data["count"] == 45 and data["sort"] == "oldest"
        seen += [c["id"] for c in data["comments"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert seen == [c.pk for c in comments]


def test_html_fragment_has_the_comments_and_a_load_more_link(client: Client) -> None:
    essay, _comments = _thread(25)
    response = client.get(reverse("web:comments-page", args=[essay.slug]), {"sort": "latest"})
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "<html" not in html and "Comment number 24" in html
    assert "Comment number 0<" not in html  # on a later page
    assert 'rel="next"' in html and "csrfmiddlewaretoken" not in html


def test_anonymous_pages_are_cached_until_the_thread_changes(
    client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    essay, _ = _thread(30)
    url = reverse("web:comments-page", args=[essay.slug])
    first = client.get(url, {"format": "json"})
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert "Set-Cookie" not in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, {"format": "json"})
    assert again.content == first.content
    assert len(queries) <= 1, [q["sql"] for q in queries]  # the essay lookup only

    writer = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        posted = actions.post_comment(author=writer, essay=essay, body="A new voice arrives.")
    assert posted.outcome == Comment.Status.PUBLISHED
    fresh = client.get(url, {"format": "json", "sort": "latest"}).json()
    assert fresh["count"] == 31 and fresh["comments"][0]["body_html"].find("A new voice") >= 0


def test_a_signed_in_reader_sees_their_held_comment_and_is_not_shared(client: Client) -> None:
    essay, _ = _thread(3)
    me = UserFactory()
    CommentFactory(essay=essay, author=me, body="Mine, awaiting review", status=Comment.Status.HELD)
    url = reverse("web:comments-page", args=[essay.slug])
    assert "Mine, awaiting review" not in client.get(url).content.decode()
    client.force_login(me)
    mine = client.get(url)
    assert "Mine, awaiting review" in mine.content.decode()
    assert "private" in mine["Cache-Control"]


def test_bad_cursor_and_unknown_essay(client: Client) -> None:
    essay, _ = _thread(2)
    url = reverse("web:comments-page", args=[essay.slug])
    bad = client.get(url, {"after": "not-a-cursor", "format": "json"})
    assert bad.status_code == 400 and "error" in bad.json()
    assert client.get(reverse("web:comments-page", args=["no-such-essay"])).status_code == 404


def test_the_count_does_not_grow_with_the_thread(client: Client) -> None:
    small, _ = _thread(5)
    big, _ = _thread(300)
    for essay in (small, big):
        url = reverse("web:comments-page", args=[essay.slug])
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(url + "?sort=top")
        assert len(queries) <= 1
