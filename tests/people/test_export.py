"""Issue 11: "export my data" is a JSON download of the person's own profile, comments (with
their status), reactions, reports, sanctions and appeals, and nobody else's private data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from tests.moderation.conftest import make_moderator
from thoughtful.discussion.models import Comment, Reaction, Report
from thoughtful.moderation import actions as moderation
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db


def _download(person: User) -> tuple[Any, dict[str, Any]]:
    client = Client()
    client.force_login(person)
    response = client.get(reverse("people:export"))
    return response, json.loads(response.content)


def test_the_export_holds_everything_of_mine_and_nothing_of_theirs() -> None:
    me = UserFactory(username="me", email="me@example.org", bio="I write at night.")
    other = UserFactory(username="other", email="other-secret@example.org")
    essay = EssayFactory()
    mine = CommentFactory(essay=essay, author=me, body="My published thought")
    CommentFactory(essay=essay, author=me, body="My held thought", status=Comment.Status.HELD)
    theirs = CommentFactory(essay=essay, author=other, body="Their private-ish words")
    Reaction.objects.create(comment=theirs, person=me)
    Report.objects.create(comment=theirs, reporter=me, reason="spam", text="looks like spam")
    Report.objects.create(comment=mine, reporter=other, reason="other", text="THEIR REPORT")
    moderator = make_moderator("maya")
    sanction = moderation.warn(moderator=moderator, person=me, reason="Be kind.", note="SECRET")
    moderation.file_appeal(person=me, sanction=sanction, text="I was kind.")

    response, data = _download(me)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert data["profile"]["username"] == "me" and data["profile"]["bio"] == "I write at night."
    bodies = {c["body"]: c["status"] for c in data["comments"]}
    assert bodies == {"My published thought": "published", "My held thought": "held"}
    assert [r["comment_id"] for r in data["reactions"]] == [theirs.pk]
    assert [(r["reason"], r["text"]) for r in data["reports"]] == [("spam", "looks like spam")]
    assert [s["reason"] for s in data["sanctions"]] == ["Be kind."]
    assert [a["text"] for a in data["appeals"]] == ["I was kind."]
    text = response.content.decode()
    for private in ("other-secret@example.org", "Their private-ish words", "THEIR REPORT"):
        assert private not in text
    assert "SECRET" not in text and "maya" not in text.lower()  # moderators' notes and names


def test_strangers_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("people:export"))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_the_export_is_recorded_and_not_cached() -> None:
    me = UserFactory(email_verified_at=timezone.now())
    response, data = _download(me)
    assert "no-store" in response["Cache-Control"]
    assert data["profile"]["email_verified_at"] is not None
    assert me.account_events.filter(kind="exported").count() == 1
