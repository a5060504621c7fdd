from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, UserFactory
from thoughtful.discussion import actions
from thoughtful.discussion.models import Comment, Reaction, Report
from thoughtful.people.actions import grant_role
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def test_thoughtful_toggles_once_per_person_never_on_own(client: Client, essay: Essay) -> None:
    comment = CommentFactory(essay=essay)
    reader = UserFactory()
    client.force_login(reader)
    url = reverse("web:comment-thoughtful", args=[comment.pk])
    first = client.post(url, HTTP_ACCEPT="application/json")
    assert first.json() == {"reacted": True, "count": 1}
    again = client.post(url, HTTP_ACCEPT="application/json")
    assert again.json() == {"reacted": False, "count": 0}
    client.post(url)
    assert Reaction.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.thoughtful_count == 1
    own = Client()
    own.force_login(comment.author)
    assert own.post(url, HTTP_ACCEPT="application/json").status_code == 403


def test_reactions_feed_the_writer_score(essay: Essay, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    comment = CommentFactory(essay=essay)
    with django_capture_on_commit_callbacks(execute=True):
        actions.toggle_thoughtful(person=UserFactory(), comment=comment)
    comment.author.standing.refresh_from_db()
    assert comment.author.standing.score == 5 + 20
    comment.refresh_from_db()
    assert comment.author_score == 25  # the sort key follows the score


def test_report_needs_a_reason_once_per_person(client: Client, essay: Essay) -> None:
    comment = CommentFactory(essay=essay)
    client.force_login(UserFactory())
    url = reverse("web:comment-report", args=[comment.pk])
    assert "Unkind or harassment" in client.get(url).content.decode()
    missing = client.post(url, {})
    assert missing.status_code == 400
    other = client.post(url, {"reason": "other", "text": ""})
    assert "Tell us briefly" in other.content.decode()
    assert client.post(url, {"reason": "threat"}).status_code == 302
    dup = client.post(url, {"reason": "hate"})
    assert "already reported" in dup.content.decode()
    report = Report.objects.get()
    assert (report.reason, report.status) == ("threat", "open")


def test_only_editors_and_moderators_feature(client: Client, essay: Essay) -> None:
    comment = CommentFactory(essay=essay, body="A generous, specific reply")
    url = reverse("web:comment-feature", args=[comment.pk])
    client.force_login(UserFactory())
    assert client.post(url, {"featured": "1"}).status_code == 403
    moderator = UserFactory()
    grant_role(user=moderator, role=Role.MODERATOR)
    client.force_login(moderator)
    assert client.post(url, {"featured": "1"}).status_code == 302
    html = Client().get(essay.get_absolute_url()).content.decode()
    strip = html[html.index("Featured comments") : html.index("Leave a thoughtful comment")]
    assert "A generous, specific reply" in strip
    client.post(url, {"featured": "0"})
    assert Comment.objects.get(pk=comment.pk).featured_at is None


def test_reply_email_with_one_click_opt_out(
    essay: Essay, writer, fixed_scorer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Reply emails go to verified addresses only (issue 11).
    parent = CommentFactory(essay=essay, author=UserFactory(email_verified_at=timezone.now()))
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_comment(author=writer, essay=essay, body="I hear you.", parent=parent)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [parent.author.email] and "I hear you." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("8000", 1)[1]
    client = Client(enforce_csrf_checks=True)
    assert "Stop these emails?" in client.get(path).content.decode()
    parent.author.refresh_from_db()
    assert parent.author.notify_replies  # a GET (e.g. a mail scanner) changes nothing
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    parent.author.refresh_from_db()
    assert not parent.author.notify_replies
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_comment(
            author=writer,
            essay=essay,
            body="Another reply.",
            parent=parent,
            now=parent.created_at.replace(year=2030),
        )
    assert len(mail.outbox) == 1
    assert Client().get("/email/unsubscribe/forged-token/").status_code == 400


def test_daily_digest(essay: Essay) -> None:
    from thoughtful.discussion.notifications import send_daily_digests

    reader = UserFactory(daily_digest=True, email_verified_at=timezone.now())
    CommentFactory(essay=essay, author=reader, body="my own")
    CommentFactory(essay=essay, body="Someone else's fresh thought")
    assert send_daily_digests() == 1
    assert "Someone else's fresh thought" in mail.outbox[0].body
    assert "my own" not in mail.outbox[0].body
