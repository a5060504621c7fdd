"""Issue 11: deleting an account. Confirmed with the password; comments become anonymous or
are removed (ACCOUNT_DELETION_COMMENTS); scores, sanctions and the moderation log stay
consistent; the username can't be taken again."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, CommentFactory, EssayFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.discussion.models import Comment, CommentRevision, Reaction
from thoughtful.moderation import actions as moderation
from thoughtful.moderation.models import LogEntry, Sanction
from thoughtful.people.models import DELETED_NAME, User
from thoughtful.standing.actions import recompute

pytestmark = pytest.mark.django_db


def _delete(person: User, password: str = PASSWORD, confirm: bool = True) -> Any:
    client = Client()
    client.force_login(person)
    data = {"password": password, **({"confirm": "on"} if confirm else {})}
    return client.post(reverse("people:delete"), data), client


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    leaver = UserFactory(username="Leaver", display_name="Lee Leaver", email="lee@example.org")
    essay = EssayFactory()
    published = CommentFactory(essay=essay, author=leaver, body="A thought worth keeping")
    reply = CommentFactory(essay=essay, parent=published, body="A reply to Lee")
    Reaction.objects.create(comment=published, person=reply.author)
    Reaction.objects.create(comment=reply, person=leaver)
    CommentRevision.objects.create(comment=published, body="An earlier version")
    moderator = make_moderator("maya")
    rejected = held(essay, leaver, body="Something unkind")
    moderation.reject(moderator=moderator, comment=rejected, reason_code="personal_attack")
    sanction = moderation.warn(moderator=moderator, person=leaver, reason="Be kind.")
    moderation.file_appeal(person=leaver, sanction=sanction, text="I was tired.")
    recompute(person_id=leaver.pk)
    recompute(person_id=reply.author_id)
    return {
        "leaver": leaver,
        "essay": essay,
        "published": published,
        "reply": reply,
        "rejected": rejected,
        "sanction": sanction,
        "log": LogEntry.objects.filter(person=leaver).count()
        + LogEntry.objects.filter(comment__author=leaver).count(),
    }


def test_a_wrong_password_or_no_tick_deletes_nothing(world: dict[str, Any]) -> None:
    leaver = world["leaver"]
    for response, _ in (_delete(leaver, "wrong"), _delete(leaver, confirm=False)):
        assert response.status_code == 400
    leaver.refresh_from_db()
    assert leaver.deleted_at is None and leaver.username == "Leaver"


def test_anonymise_keeps_the_words_without_the_name(world: dict[str, Any], settings: Any) -> None:
    settings.ACCOUNT_DELETION_COMMENTS = "anonymise"
    leaver, essay = world["leaver"], world["essay"]
    response, client = _delete(leaver)
    assert response.status_code == 302 and response["Location"] == reverse("people:deleted")
    leaver.refresh_from_db()
    assert leaver.public_name == DELETED_NAME and leaver.username == f"deleted-{leaver.pk}"
    assert (leaver.email, leaver.display_name, leaver.is_active) == ("", "", False)
    assert not leaver.has_usable_password()
    # This browser is signed out, and nobody can sign in as the account again.
    assert client.get("/account/profile/").status_code == 302
    assert not Client().login(username="Leaver", password=PASSWORD)
    published = Comment.objects.get(pk=world["published"].pk)
    assert published.status == Comment.Status.PUBLISHED
    assert published.body == "A thought worth keeping"
    page = Client().get(essay.get_absolute_url()).content.decode()
    assert "A thought worth keeping" in page and DELETED_NAME in page
    assert "Lee Leaver" not in page and "/authors/Leaver" not in page
    # The held-then-rejected comment is withdrawn; its moderation outcome stands.
    rejected = Comment.objects.get(pk=world["rejected"].pk)
    assert rejected.status == Comment.Status.REJECTED and rejected.deleted_at is not None


def test_remove_leaves_tombstones_and_erases_the_text(world: dict[str, Any], settings: Any) -> None:
    settings.ACCOUNT_DELETION_COMMENTS = "remove"
    before = world["leaver"].standing.score
    _delete(world["leaver"])
    published = Comment.objects.get(pk=world["published"].pk)
    assert published.status == Comment.Status.DELETED
    assert (published.body, published.body_html) == ("", "")
    assert not CommentRevision.objects.filter(comment=published).exists()
    # The reply keeps its place under the tombstone.
    assert Comment.objects.get(pk=world["reply"].pk).parent_id == published.pk
    page = Client().get(world["essay"].get_absolute_url()).content.decode()
    assert "A thought worth keeping" not in page and "A reply to Lee" in page
    # The score counts published comments and their reactions: recounted, it falls.
    leaver = User.objects.get(pk=world["leaver"].pk)
    assert leaver.standing.score < before


def test_the_moderation_record_stays_whole(world: dict[str, Any]) -> None:
    leaver = world["leaver"]
    _delete(leaver)
    entries = (
        LogEntry.objects.filter(person=leaver).count()
        + LogEntry.objects.filter(comment__author=leaver).count()
    )
    assert entries == world["log"] > 0
    sanction = Sanction.objects.get(pk=world["sanction"].pk)
    assert sanction.person_id == leaver.pk and sanction.appeal.text == "I was tired."
    assert str(LogEntry.objects.filter(person=leaver).first().person) == DELETED_NAME
    # The reaction the leaver gave stays as an anonymous count: the writer keeps the credit.
    assert Comment.objects.get(pk=world["reply"].pk).reactions.count() == 1


def test_the_username_is_never_free_again_but_the_address_is(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _delete(world["leaver"])
    for name in ("Leaver", "leaver", f"deleted-{world['leaver'].pk}", "deleted-999"):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                reverse("people:sign-up"),
                {"username": name, "email": "new@example.org", "password": "a-long-pass-42x"},
            )
        assert response.status_code == 200, name
        assert "That username is taken." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("people:sign-up"),
            {"username": "fresh", "email": "lee@example.org", "password": "a-long-pass-42x"},
        )
    # The address has no account now: its owner gets a confirmation link, not "you exist".
    assert "/account/confirm/" in mail.outbox[-1].body


def test_a_deleted_account_cannot_be_deleted_twice(world: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    from thoughtful.people import actions

    actions.delete_account(person=world["leaver"], password=PASSWORD)
    with pytest.raises(ValidationError):
        actions.delete_account(person=world["leaver"], password=PASSWORD)
