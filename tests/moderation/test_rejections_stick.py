"""A rejection counts whatever its writer does later (issue 14, item 4).

Deleting your own rejected comments used to turn them into "deleted by its author" tombstones:
the trust rule stopped counting them, the desk read "0 rejected", and the thread showed a
public tombstone for something nobody was ever shown. Now deleting a held or rejected comment
withdraws it (deleted_at) and keeps the moderation outcome in its status.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory
from tests.moderation.conftest import held
from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions, selectors
from thoughtful.moderation.models import LogEntry
from thoughtful.people.models import CommentingStatus, User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _rejected(essay: Essay, author: User, moderator: User, body: str) -> Comment:
    return actions.reject(
        moderator=moderator, comment=held(essay, author, body), reason_code="personal_attack"
    )


def test_the_trust_rule_still_counts_rejections_the_writer_deleted(
    moderator: User, essay: Essay, commenter: User
) -> None:
    first = _rejected(essay, commenter, moderator, "Go away.")  # 1 of 1: under the minimum
    discussion_actions.delete_own_comment(person=commenter, comment=first)
    for i in range(3):
        CommentFactory(essay=essay, author=commenter, body=f"A fair point {i}.")
    _rejected(essay, commenter, moderator, "You again.")
    commenter.refresh_from_db()
    # 2 of 5 rejected = 40%, over the 30% rule; forgetting the deleted one made it 1 of 4.
    assert commenter.commenting_status == CommentingStatus.PREMODERATED


def test_the_desk_history_still_shows_rejections_the_writer_deleted(
    moderator: User, essay: Essay, commenter: User
) -> None:
    for body in ("First insult.", "Second insult."):
        gone = _rejected(essay, commenter, moderator, body)
        discussion_actions.delete_own_comment(person=commenter, comment=gone)
    history = selectors.person_history(commenter)
    assert history.rejected == 2
    desk = Client()
    desk.force_login(moderator)
    page = desk.get(reverse("moderation:person", args=[commenter.pk])).content.decode()
    assert "2 rejected" in page and "deleted by its writer" in page
    card = selectors.cards_for([held(essay, commenter, "A third try.")])[0]
    assert card.author_rejected == 2


def test_a_deleted_rejected_comment_leaves_no_public_tombstone(
    moderator: User, essay: Essay, commenter: User
) -> None:
    rejected = _rejected(essay, commenter, moderator, "Words nobody was shown.")
    waiting = held(essay, commenter, "Words still waiting.")
    for comment in (rejected, waiting):
        discussion_actions.delete_own_comment(person=commenter, comment=comment)
        comment.refresh_from_db()
        assert comment.deleted_at is not None
    assert rejected.status == Comment.Status.REJECTED  # the outcome stays what it was
    assert waiting.status == Comment.Status.HELD
    writer = Client()
    writer.force_login(commenter)
    for client in (Client(), writer):
        page = client.get(essay.get_absolute_url()).content.decode()
        assert "deleted by its author" not in page
        assert "Words nobody was shown" not in page and "Words still waiting" not in page
        thread = client.get(reverse("web:thread", args=[essay.slug, rejected.pk]))
        assert thread.status_code == 404


def test_a_withdrawn_held_comment_leaves_the_queue_and_cannot_be_approved(
    moderator: User, essay: Essay, commenter: User
) -> None:
    waiting = held(essay, commenter, "I take that back.")
    discussion_actions.delete_own_comment(person=commenter, comment=waiting)
    page = selectors.queue_page("held", filters=selectors.Filters())
    assert waiting.pk not in [card.comment.pk for card in page.cards]
    with pytest.raises(actions.AlreadyDecided, match="deleted"):
        actions.approve(moderator=moderator, comment=waiting)
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.HELD


def test_the_migration_restores_outcomes_from_the_moderation_log(
    moderator: User, essay: Essay, commenter: User
) -> None:
    """Rows deleted before the fix: the log (or the pipeline's decision) says what they were."""
    migration = importlib.import_module(
        "thoughtful.moderation.migrations.0002_restore_outcomes_of_deleted_comments"
    )
    by_moderator = _rejected(essay, commenter, moderator, "Rejected by a moderator.")
    by_pipeline = CommentFactory(
        essay=essay,
        author=commenter,
        status=Comment.Status.REJECTED,
        decision={"outcome": "reject"},
    )
    LogEntry.objects.create(action=LogEntry.Action.REJECT, comment=by_pipeline, automatic=True)
    never_decided = held(essay, commenter, "Still held when deleted.")
    approved_then_deleted = held(essay, commenter, "Approved, then deleted.")
    actions.approve(moderator=moderator, comment=approved_then_deleted)
    published = CommentFactory(essay=essay, author=commenter, decision={"outcome": "publish"})
    rows = [by_moderator, by_pipeline, never_decided, approved_then_deleted, published]
    # What the old delete_own_comment did to each of them.
    Comment.objects.filter(pk__in=[c.pk for c in rows]).update(
        status="deleted", deleted_at=timezone.now()
    )

    migration.restore_outcomes(apps, None)

    expected = ["rejected", "rejected", "held", "deleted", "deleted"]
    assert [Comment.objects.get(pk=c.pk).status for c in rows] == expected
    assert all(Comment.objects.get(pk=c.pk).deleted_at is not None for c in rows)
