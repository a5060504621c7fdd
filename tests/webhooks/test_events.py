"""Each event type fires once, from the action that causes it, with the documented payload."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from tests.webhooks.conftest import Receiver, endpoint_for
from thoughtful.discussion import actions as discussion
from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions as moderation
from thoughtful.people.models import CommentingStatus, User
from thoughtful.publishing import actions as publishing
from thoughtful.publishing.models import Essay
from thoughtful.shield import actions as shield
from thoughtful.webhooks.models import Delivery

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _quiet_scorer(settings: Any) -> None:
    settings.DISCUSSION = {
        **getattr(settings, "DISCUSSION", {}),
        "SCORER": "tests.discussion.fakes.fixed",
    }
    settings.SITE_URL = SITE


def _writer(name: str = "wren") -> User:
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=90))


def _sent(receiver: Receiver) -> Counter[str]:
    return Counter(r.json["type"] for r in receiver.received)


def _run(capture: Any, action: Callable[[], Any]) -> Any:
    with capture(execute=True):
        return action()


def test_comment_posted_fires_once_with_public_fields(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url)
    essay = EssayFactory()
    writer = _writer()
    result = _run(
        django_capture_on_commit_callbacks,
        lambda: discussion.post_comment(author=writer, essay=essay, body="A kind thought."),
    )
    assert result.comment.status == Comment.Status.PUBLISHED
    assert _sent(receiver) == {"comment.posted": 1}
    payload = receiver.received[0].json
    assert set(payload) == {"type", "timestamp", "data"}
    comment = payload["data"]["comment"]
    assert comment["id"] == result.comment.pk
    assert comment["url"] == f"{SITE}{essay.get_absolute_url()}#comment-{result.comment.pk}"
    assert comment["essay"] == {
        "id": essay.pk,
        "title": essay.title,
        "url": SITE + essay.get_absolute_url(),
    }
    assert comment["author"]["name"] == writer.public_name
    assert "text" not in comment  # text only to endpoints that asked for private text
    assert "email" not in str(payload)


def test_held_then_approved_fires_held_then_approved_and_no_posted(
    receiver: Receiver, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url)
    private = Receiver(port=receiver.port)  # same server; the private endpoint's path differs
    endpoint_for(private.url + "?private", "comment.held", private=True)
    essay = EssayFactory()
    writer = _writer()
    writer.commenting_status = CommentingStatus.PREMODERATED
    writer.save()
    result = _run(
        django_capture_on_commit_callbacks,
        lambda: discussion.post_comment(author=writer, essay=essay, body="Held words."),
    )
    assert result.comment.status == Comment.Status.HELD
    held = [r.json for r in receiver.received if r.json["type"] == "comment.held"]
    assert len(held) == 2
    public = next(p for p in held if "text" not in p["data"]["comment"])
    private_payload = next(p for p in held if "text" in p["data"]["comment"])
    assert "author" not in public["data"]["comment"]  # a held comment's writer is not public
    assert private_payload["data"]["comment"]["text"] == "Held words."
    assert private_payload["data"]["comment"]["author"]["name"] == writer.public_name

    _run(
        django_capture_on_commit_callbacks,
        lambda: moderation.approve(moderator=moderator, comment=result.comment),
    )
    assert _sent(receiver) == {"comment.held": 2, "comment.approved": 1}
    approved = next(r.json for r in receiver.received if r.json["type"] == "comment.approved")
    assert approved["data"]["comment"]["status"] == "published"
    assert approved["data"]["automatic"] is False
    assert "moderator" not in approved["data"]


def test_hold_and_reject_by_a_moderator(
    receiver: Receiver, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url)
    comment = CommentFactory(author=_writer())
    _run(
        django_capture_on_commit_callbacks,
        lambda: moderation.hold(moderator=moderator, comment=comment),
    )
    _run(
        django_capture_on_commit_callbacks,
        lambda: moderation.reject(
            moderator=moderator, comment=comment, reason_code="personal_attack"
        ),
    )
    assert _sent(receiver) == {"comment.held": 1, "comment.rejected": 1}
    rejected = next(r.json for r in receiver.received if r.json["type"] == "comment.rejected")
    assert rejected["data"]["reason_code"] == "personal_attack"
    assert rejected["data"]["comment"]["status"] == "rejected"


def test_report_filed(receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    endpoint_for(receiver.url)
    comment = CommentFactory()
    _run(
        django_capture_on_commit_callbacks,
        lambda: discussion.report_comment(
            reporter=_writer("rory"), comment=comment, reason="spam", text="Selling pills."
        ),
    )
    assert _sent(receiver) == {"report.filed": 1}
    data = receiver.received[0].json["data"]
    assert data["report"]["reason"] == "spam" and "text" not in data["report"]
    assert data["comment"]["id"] == comment.pk


def test_sanction_issued(
    receiver: Receiver, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url)
    person = _writer("sam")
    record = _run(
        django_capture_on_commit_callbacks,
        lambda: moderation.suspend(
            moderator=moderator,
            person=person,
            reason="Personal attacks.",
            until=timezone.now() + timedelta(days=3),
        ),
    )
    assert _sent(receiver) == {"sanction.issued": 1}
    data = receiver.received[0].json["data"]
    assert data["sanction"]["id"] == record.pk and data["sanction"]["kind"] == "suspend"
    assert data["sanction"]["ends_at"] is not None
    assert data["person_id"] == person.pk and "reason" not in data["sanction"]


def test_essay_published(receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    endpoint_for(receiver.url)
    essay = EssayFactory(
        status=Essay.Status.SCHEDULED,
        published_at=None,
        scheduled_for=timezone.now() - timedelta(minutes=1),
    )
    assert _run(
        django_capture_on_commit_callbacks, lambda: publishing.publish_if_due(essay_id=essay.pk)
    )
    assert _sent(receiver) == {"essay.published": 1}
    data = receiver.received[0].json["data"]["essay"]
    assert data["id"] == essay.pk and data["url"] == SITE + essay.get_absolute_url()
    assert data["author"]["name"] == essay.author.public_name
    assert data["published_at"] is not None


def test_protection_level_changed(
    receiver: Receiver, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url)
    essay = EssayFactory()
    _run(
        django_capture_on_commit_callbacks,
        lambda: shield.pin_level(moderator=moderator, essay=essay, level="shield"),
    )
    assert _sent(receiver) == {"protection.changed": 1}
    data = receiver.received[0].json["data"]
    assert (data["from"], data["to"], data["cause"]) == ("open", "shield", "pin")
    assert data["essay"]["id"] == essay.pk


def test_only_subscribed_events_are_sent(
    receiver: Receiver, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url, "report.filed")
    comment = CommentFactory()
    _run(
        django_capture_on_commit_callbacks,
        lambda: moderation.hold(moderator=moderator, comment=comment),
    )
    assert receiver.received == [] and not Delivery.objects.exists()


def test_a_rolled_back_action_sends_nothing(
    receiver: Receiver, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint_for(receiver.url)
    comment = CommentFactory(status=Comment.Status.REJECTED)
    with pytest.raises(moderation.AlreadyDecided):
        _run(
            django_capture_on_commit_callbacks,
            lambda: moderation.hold(moderator=moderator, comment=comment),
        )
    assert receiver.received == []


def test_a_rejection_by_the_posting_checks_fires_rejected_once(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    from thoughtful.discussion.models import WordRule

    endpoint_for(receiver.url)
    WordRule.objects.create(phrase="vermin", action=WordRule.Action.REJECT)
    result = _run(
        django_capture_on_commit_callbacks,
        lambda: discussion.post_comment(author=_writer(), essay=EssayFactory(), body="You vermin."),
    )
    assert result.outcome == "rejected"
    assert _sent(receiver) == {"comment.rejected": 1}
    data = receiver.received[0].json["data"]
    assert data["automatic"] is True and data["reason_code"] == "banned_word"
    assert "text" not in data["comment"] and "author" not in data["comment"]
