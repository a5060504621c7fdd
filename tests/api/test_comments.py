"""Comments over the API go through the same actions and pipeline as the essay page: the
thread's sorts and cursors, and posting's outcomes (published, held, nudged, refused) in JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import assert_error, bearer, post_json, token_for
from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion.models import Comment, Nudge, Report
from thoughtful.people.models import CommentingStatus, User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay(db: None) -> Essay:
    return EssayFactory(slug="on-grief")


def _thread(essay: Essay, n: int) -> list[Comment]:
    now = timezone.now()
    return [
        CommentFactory(essay=essay, created_at=now - timedelta(minutes=n - i)) for i in range(n)
    ]


def test_thread_pages_match_the_html_endpoints_sorts_and_cursors(
    client: Client, essay: Essay, settings: Any
) -> None:
    settings.DISCUSSION = {**getattr(settings, "DISCUSSION", {}), "PAGE_SIZE": 2}
    comments = _thread(essay, 5)
    api_ids: list[int] = []
    page_ids: list[int] = []
    after = ""
    while True:
        body = client.get(
            f"/api/v1/essays/{essay.slug}/comments", {"sort": "oldest", "after": after}
        ).json()
        page = client.get(
            f"/essays/{essay.slug}/comments/page/",
            {"sort": "oldest", "after": after, "format": "json"},
        ).json()
        assert body["next_cursor"] == page["next_cursor"]  # the same cursors
        api_ids += [c["id"] for c in body["comments"]]
        page_ids += [c["id"] for c in page["comments"]]
        after = body["next_cursor"]
        if not after:
            break
    assert api_ids == page_ids == [c.pk for c in comments]
    latest = client.get(f"/api/v1/essays/{essay.slug}/comments", {"sort": "latest"}).json()
    assert latest["comments"][0]["id"] == comments[-1].pk and latest["count"] == 5
    assert_error(
        client.get(f"/api/v1/essays/{essay.slug}/comments", {"after": "broken"}), 400, "bad_cursor"
    )
    assert (
        client.get(f"/api/v1/essays/{essay.slug}/comments", {"sort": "loudest"}).status_code == 422
    )


def test_held_comments_show_only_to_their_writer(client: Client, essay: Essay) -> None:
    writer = UserFactory(username="wren")
    held = CommentFactory(essay=essay, author=writer, status=Comment.Status.HELD)
    assert client.get(f"/api/v1/essays/{essay.slug}/comments").json()["comments"] == []
    assert_error(client.get(f"/api/v1/comments/{held.pk}"), 404, "not_found")
    raw = token_for(writer, "read")
    mine = client.get(f"/api/v1/essays/{essay.slug}/comments", **bearer(raw)).json()
    assert [(c["id"], c["status"]) for c in mine["comments"]] == [(held.pk, "held")]
    assert client.get(f"/api/v1/comments/{held.pk}", **bearer(raw)).status_code == 200
    # A token without the read scope reads as the public does.
    write_only = token_for(writer, "write")
    public = client.get(f"/api/v1/essays/{essay.slug}/comments", **bearer(write_only)).json()
    assert public["comments"] == []


def test_posting_publishes_through_the_pipeline(
    essay: Essay, writer: User, fixed_scorer: Any
) -> None:
    raw = token_for(writer, "write")
    response = post_json(
        Client(),
        f"/api/v1/essays/{essay.slug}/comments",
        {"body": "I felt this too."},
        **bearer(raw),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "published" and body["message"] == "Your comment is posted."
    comment = Comment.objects.get(pk=body["comment"]["id"])
    assert comment.author == writer and comment.status == Comment.Status.PUBLISHED
    reply = post_json(
        Client(),
        f"/api/v1/essays/{essay.slug}/comments",
        {"body": "Replying to myself, kindly.", "parent": comment.pk},
        **bearer(raw),
    )
    assert reply.status_code == 201 and reply.json()["comment"]["parent"] == comment.pk


def test_a_hold_is_201_with_status_held(essay: Essay, writer: User, fixed_scorer: Any) -> None:
    writer.commenting_status = CommentingStatus.PREMODERATED
    writer.save()
    raw = token_for(writer, "write")
    response = post_json(
        Client(),
        f"/api/v1/essays/{essay.slug}/comments",
        {"body": "Something harsh."},
        **bearer(raw),
    )
    assert response.status_code == 201
    assert response.json()["status"] == "held"
    assert Comment.objects.get().status == Comment.Status.HELD


def test_a_nudge_is_409_and_post_anyway_sends_it_for_review(
    essay: Essay, writer: User, fixed_scorer: Any
) -> None:
    fixed_scorer.scores = {"toxicity": 0.6, "attack_on_author": 0.01}
    raw = token_for(writer, "write")
    url = f"/api/v1/essays/{essay.slug}/comments"
    nudged = assert_error(
        post_json(Client(), url, {"body": "You are wrong, plainly."}, **bearer(raw)), 409, "nudge"
    )
    token = nudged["nudge"]["token"]
    assert nudged["nudge"]["text"] == "You are wrong, plainly."
    assert not Comment.objects.exists() and Nudge.objects.get().outcome == Nudge.Outcome.PENDING
    # Sent again unchanged without "post anyway": still the nudge.
    assert_error(
        post_json(
            Client(), url, {"body": "You are wrong, plainly.", "nudge": token}, **bearer(raw)
        ),
        409,
        "nudge",
    )
    sent = post_json(
        Client(),
        url,
        {"body": "You are wrong, plainly.", "nudge": token, "post_anyway": True},
        **bearer(raw),
    )
    assert sent.status_code == 201 and sent.json()["status"] == "held"
    assert "nudge_posted_anyway" in Comment.objects.get().decision["reasons"]
    assert Nudge.objects.get().outcome == Nudge.Outcome.POSTED_ANYWAY


def test_refusals_keep_their_codes(essay: Essay, writer: User, fixed_scorer: Any) -> None:
    raw = token_for(writer, "write")
    url = f"/api/v1/essays/{essay.slug}/comments"
    assert_error(post_json(Client(), url, {"body": "   "}, **bearer(raw)), 422, "empty")
    assert post_json(Client(), url, {"body": "Once."}, **bearer(raw)).status_code == 201
    assert_error(post_json(Client(), url, {"body": "Once."}, **bearer(raw)), 409, "duplicate")
    for n in range(3):
        post_json(Client(), url, {"body": f"Quick thought {n}."}, **bearer(raw))
    limited = post_json(Client(), url, {"body": "And another."}, **bearer(raw))
    assert_error(limited, 429, "rate_limited")
    assert int(limited["Retry-After"]) > 0
    writer.commenting_status = CommentingStatus.BANNED
    writer.save()
    assert_error(
        post_json(Client(), url, {"body": "Let me in."}, **bearer(raw)), 403, "person_banned"
    )
    assert_error(
        post_json(Client(), "/api/v1/essays/nope/comments", {"body": "x"}, **bearer(raw)),
        404,
        "not_found",
    )


def test_session_writes_need_csrf_and_anonymous_writes_are_refused(
    essay: Essay, writer: User, fixed_scorer: Any
) -> None:
    url = f"/api/v1/essays/{essay.slug}/comments"
    anonymous = post_json(Client(enforce_csrf_checks=True), url, {"body": "Hello."})
    assert anonymous.status_code in (401, 403) and "error" in anonymous.json()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(writer)
    assert_error(post_json(browser, url, {"body": "Hello."}), 403, "csrf_failed")
    browser.get("/account/tokens/")  # any page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    done = post_json(browser, url, {"body": "Hello."}, HTTP_X_CSRFTOKEN=csrf)
    assert done.status_code == 201 and not Comment.objects.exclude(body="Hello.").exists()


def test_edit_delete_react_and_report(essay: Essay, writer: User, fixed_scorer: Any) -> None:
    raw = token_for(writer, "write")
    mine = CommentFactory(essay=essay, author=writer, body="First draft.")
    theirs = CommentFactory(essay=essay)
    edited = Client().patch(
        f"/api/v1/comments/{mine.pk}",
        {"body": "Second draft."},
        content_type="application/json",
        **bearer(raw),
    )
    assert edited.status_code == 200 and "Second draft." in edited.json()["body_html"]
    assert mine.revisions.count() == 1
    assert_error(
        Client().patch(
            f"/api/v1/comments/{theirs.pk}",
            {"body": "Mine now."},
            content_type="application/json",
            **bearer(raw),
        ),
        403,
        "forbidden",
    )
    reacted = post_json(Client(), f"/api/v1/comments/{theirs.pk}/thoughtful", {}, **bearer(raw))
    assert reacted.json() == {"reacted": True, "count": 1}
    undone = post_json(Client(), f"/api/v1/comments/{theirs.pk}/thoughtful", {}, **bearer(raw))
    assert undone.json() == {"reacted": False, "count": 0}
    assert_error(
        post_json(Client(), f"/api/v1/comments/{mine.pk}/thoughtful", {}, **bearer(raw)),
        403,
        "forbidden",
    )
    reported = post_json(
        Client(), f"/api/v1/comments/{theirs.pk}/reports", {"reason": "spam"}, **bearer(raw)
    )
    assert reported.status_code == 201 and Report.objects.get().reason == "spam"
    assert_error(
        post_json(
            Client(), f"/api/v1/comments/{theirs.pk}/reports", {"reason": "spam"}, **bearer(raw)
        ),
        409,
        "duplicate",
    )
    assert_error(
        post_json(
            Client(), f"/api/v1/comments/{mine.pk}/reports", {"reason": "other"}, **bearer(raw)
        ),
        422,
        "own",
    )
    deleted = Client().delete(f"/api/v1/comments/{mine.pk}", **bearer(raw))
    assert deleted.json() == {"id": mine.pk, "status": "deleted", "deleted": True}
    assert Client().delete(f"/api/v1/comments/{mine.pk}", **bearer(raw)).status_code == 200
    assert_error(Client().delete(f"/api/v1/comments/{theirs.pk}", **bearer(raw)), 403, "forbidden")
    held = CommentFactory(essay=essay, status=Comment.Status.HELD)
    assert_error(
        post_json(
            Client(), f"/api/v1/comments/{held.pk}/reports", {"reason": "spam"}, **bearer(raw)
        ),
        404,
        "not_found",
    )
