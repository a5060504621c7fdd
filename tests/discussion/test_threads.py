"""Threads, sorts, paging, edits, tombstones, double submits, visibility, live updates."""

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
from thoughtful.discussion.models import Comment, CommentRevision
from thoughtful.discussion.selectors import BadCursor, thread_page
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _reply(author: User, parent: Comment, body: str, minutes: int = 1) -> Comment:
    result = actions.post_comment(
        author=author,
        essay=parent.essay,
        body=body,
        parent=parent,
        now=timezone.now() + timedelta(minutes=minutes),
    )
    assert result.comment is not None
    return result.comment


def test_replies_nest_three_levels_then_continue_in_a_thread_view(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    top = actions.post_comment(author=writer, essay=essay, body="Level zero").comment
    people = [UserFactory(date_joined=timezone.now() - timedelta(days=9)) for _ in range(4)]
    one = _reply(people[0], top, "Level one", 1)
    two = _reply(people[1], one, "Level two", 2)
    three = _reply(people[2], two, "Level three", 3)
    assert (one.depth, two.depth, three.depth) == (1, 2, 3)
    assert three.root == top and two.root == top
    html = client.get(essay.get_absolute_url()).content.decode()
    assert "Level two" in html and "Level three" not in html
    assert "Continue this thread (1 more reply)" in html
    thread = client.get(reverse("web:thread", args=[essay.slug, two.pk])).content.decode()
    assert "Level three" in thread and "Level zero" not in thread


def test_sorts_and_cursor_pages(writer: User, essay: Essay) -> None:
    now = timezone.now()
    low = UserFactory()
    comments = []
    for i in range(25):
        comments.append(
            CommentFactory(
                essay=essay,
                author=low,
                created_at=now - timedelta(minutes=i),
                author_score=i % 5,
                thoughtful_count=(i * 7) % 11,
            )
        )
    latest = thread_page(essay, viewer_id=None, sort="latest", page_size=10)
    assert [c.pk for c in latest.comments] == [c.pk for c in comments[:10]]
    second = thread_page(
        essay, viewer_id=None, sort="latest", page_size=10, cursor=latest.next_cursor
    )
    third = thread_page(
        essay, viewer_id=None, sort="latest", page_size=10, cursor=second.next_cursor
    )
    seen = [c.pk for c in latest.comments + second.comments + third.comments]
    assert seen == [c.pk for c in comments] and third.next_cursor is None
    oldest = thread_page(essay, viewer_id=None, sort="oldest", page_size=25)
    assert [c.pk for c in oldest.comments] == [c.pk for c in reversed(comments)]
    for sort, key in (("top", "author_score"), ("thoughtful", "thoughtful_count")):
        pages, cursor = [], None
        while True:
            page = thread_page(essay, viewer_id=None, sort=sort, page_size=7, cursor=cursor)
            pages += page.comments
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert len({c.pk for c in pages}) == 25
        ordered = sorted(pages, key=lambda c: (-getattr(c, key), -c.created_at.timestamp()))
        assert [c.pk for c in pages] == [c.pk for c in ordered]


def test_top_contributors_is_the_default_sort(client: Client, essay: Essay) -> None:
    CommentFactory(essay=essay, body="From a newcomer", author_score=0)
    CommentFactory(
        essay=essay,
        body="From a regular",
        author_score=900,
        created_at=timezone.now() - timedelta(days=1),
    )
    html = client.get(essay.get_absolute_url()).content.decode()
    assert html.index("From a regular") < html.index("From a newcomer")
    assert 'aria-current="true" class="is-current">Top Contributors' in html


def test_a_broken_cursor_is_a_clear_error(client: Client, essay: Essay) -> None:
    with pytest.raises(BadCursor):
        thread_page(essay, viewer_id=None, cursor="garbage!!")
    response = client.get(essay.get_absolute_url() + "?after=garbage")
    assert response.status_code == 200 and "That page link is broken" in response.content.decode()


def _first_page_queries(client: Client, essay: Essay) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(essay.get_absolute_url()).status_code == 200
    return len(ctx.captured_queries)


def test_first_page_query_count_does_not_grow_with_the_thread(client: Client) -> None:
    small, big = EssayFactory(), EssayFactory()
    people = [UserFactory() for _ in range(8)]
    for essay, n in ((small, 5), (big, 60)):
        for i in range(n):
            top = CommentFactory(essay=essay, author=people[i % 8])
            for j in range(3):
                reply = CommentFactory(essay=essay, author=people[j], parent=top, root=top, depth=1)
                CommentFactory(essay=essay, author=people[j + 1], parent=reply, root=top, depth=2)
    client.force_login(people[0])
    for essay in (small, big):  # first views count a read and refresh the author's score
        _first_page_queries(client, essay)
    small_queries = _first_page_queries(client, small)
    big_queries = _first_page_queries(client, big)
    assert big_queries == small_queries
    assert big_queries <= 30  # a fixed budget for the whole page (essay, credits, related, thread)


def test_edit_within_ten_minutes_keeps_history(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    comment = actions.post_comment(author=writer, essay=essay, body="First draft").comment
    client.force_login(writer)
    response = client.post(reverse("web:comment-edit", args=[comment.pk]), {"body": "Second draft"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Second draft" and comment.edited_at is not None
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["First draft"]
    assert ">edited<" in client.get(essay.get_absolute_url()).content.decode()
    late = timezone.now() + timedelta(minutes=11)
    assert not actions.can_edit(writer, comment, now=late)
    with pytest.raises(actions.PermissionDenied):
        actions.edit_comment(person=writer, comment=comment, body="Third", now=late)
    other = Client()
    other.force_login(UserFactory())
    assert (
        other.post(reverse("web:comment-edit", args=[comment.pk]), {"body": "hijack"}).status_code
        == 403
    )


def test_an_edit_that_turns_hostile_is_held(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    comment = actions.post_comment(author=writer, essay=essay, body="Nice essay").comment
    fixed_scorer.scores = {"toxicity": 0.95}
    edited = actions.edit_comment(person=writer, comment=comment, body="Actually you are vile")
    assert edited.status == Comment.Status.HELD


def test_delete_leaves_a_tombstone_that_keeps_replies(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    top = actions.post_comment(author=writer, essay=essay, body="Words I regret").comment
    _reply(UserFactory(date_joined=timezone.now() - timedelta(days=9)), top, "A reply that stays")
    client.force_login(writer)
    assert client.post(reverse("web:comment-delete", args=[top.pk])).status_code == 302
    top.refresh_from_db()
    assert top.status == Comment.Status.DELETED and top.body == "Words I regret"  # kept for audit
    html = Client().get(essay.get_absolute_url()).content.decode()
    assert "deleted by its author" in html and "A reply that stays" in html
    assert "Words I regret" not in html
    intruder = Client()
    intruder.force_login(UserFactory())
    reply = Comment.objects.get(body="A reply that stays")
    assert intruder.post(reverse("web:comment-delete", args=[reply.pk])).status_code == 403


def test_double_submit_posts_once(client: Client, writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(writer)
    url = reverse("web:post-comment", args=[essay.slug])
    for _ in range(2):
        assert (
            client.post(url, {"body": "Only once", "idempotency_key": "k-123"}).status_code == 302
        )
    assert Comment.objects.filter(body="Only once").count() == 1


def test_rate_limited_post_keeps_text_and_says_when(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(writer)
    url = reverse("web:post-comment", args=[essay.slug])
    for i in range(3):
        assert client.post(url, {"body": f"Thought number {i}"}).status_code == 302
    response = client.post(url, {"body": "One more, quickly"})
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "One more, quickly" in html and "Please wait" in html


def test_rejected_comment_reason_shown_to_writer_only(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    from thoughtful.discussion.models import WordRule

    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.REJECT)
    client.force_login(writer)
    client.post(reverse("web:post-comment", args=[essay.slug]), {"body": "What a scumbag"})
    mine = client.get(essay.get_absolute_url()).content.decode()
    assert "Not published" in mine and "language this magazine doesn" in mine
    assert "What a scumbag" not in Client().get(essay.get_absolute_url()).content.decode()


def test_live_endpoint_uses_etags(client: Client, writer: User, essay: Essay) -> None:
    first = CommentFactory(essay=essay)
    url = reverse("web:comments-live", args=[essay.slug])
    response = client.get(url, {"since": first.pk})
    assert response.json() == {"latest": first.pk, "new": 0}
    etag = response["ETag"]
    assert client.get(url, {"since": first.pk}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    CommentFactory(essay=essay)
    CommentFactory(essay=essay, status=Comment.Status.HELD)  # not counted for readers
    fresh = client.get(url, {"since": first.pk}, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh.json()["new"] == 1
    assert client.get(url, {"since": "abc"}).status_code == 400
