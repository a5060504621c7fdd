"""Races around posting (issue 12): a reply against a rejection of its parent, and twin
submits of one form.

The cross-connection races need PostgreSQL (row locks): they run in CI's PostgreSQL pass. The
re-check they rely on is also tested without threads, on every database.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from tests.concurrency import race
from tests.factories import CommentFactory, UserFactory
from tests.moderation.conftest import make_moderator
from thoughtful.discussion import actions
from thoughtful.discussion.models import Comment
from thoughtful.discussion.notifications import send_reply_notification
from thoughtful.moderation import actions as moderation
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay


def _elder(name: str) -> User:
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.mark.django_db
def test_a_reply_to_a_parent_rejected_since_the_page_loaded_is_refused(
    essay: Essay, fixed_scorer: Any
) -> None:
    parent = CommentFactory(essay=essay, author=_elder("pat"), status=Comment.Status.PUBLISHED)
    stale = Comment.objects.get(pk=parent.pk)  # what the reply form's request looked up
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REJECTED)

    with pytest.raises(actions.CommentRefused) as refused:
        actions.post_comment(author=_elder("rob"), essay=essay, body="I agree.", parent=stale)

    assert refused.value.code == "parent_gone"
    assert not Comment.objects.filter(parent=parent).exists()
    parent.refresh_from_db()
    assert parent.reply_count == 0


@pytest.mark.django_db
def test_no_reply_email_to_the_writer_of_a_removed_comment(essay: Essay, fixed_scorer: Any) -> None:
    pat = _elder("pat")
    pat.email, pat.notify_replies = "pat@example.org", True
    pat.email_verified_at = timezone.now()  # reply emails go to verified addresses (issue 11)
    pat.save()
    parent = CommentFactory(essay=essay, author=pat, status=Comment.Status.PUBLISHED)
    reply = actions.post_comment(
        author=_elder("rob"), essay=essay, body="I agree.", parent=parent
    ).comment
    assert reply is not None
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REJECTED)
    mail.outbox.clear()

    assert send_reply_notification(reply.pk) is False
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reply_waits_for_a_rejection_in_progress_and_is_refused(
    essay: Essay, fixed_scorer: Any
) -> None:
    parent = CommentFactory(essay=essay, author=_elder("pat"), status=Comment.Status.PUBLISHED)
    stale = Comment.objects.get(pk=parent.pk)
    moderator, replier = make_moderator("ada"), _elder("rob")
    locked = threading.Event()

    def reject_slowly() -> Comment:
        with transaction.atomic():
            decided = moderation.reject(
                moderator=moderator, comment=parent, reason_code="spam", reconsider=True
            )
            locked.set()
            time.sleep(0.5)  # the reply arrives while the rejection still holds its row lock
            return decided

    def reply() -> Any:
        assert locked.wait(timeout=10)
        return actions.post_comment(author=replier, essay=essay, body="I agree.", parent=stale)

    rejected, replied = race([reject_slowly, reply], barrier=False)

    assert isinstance(rejected, Comment) and rejected.status == Comment.Status.REJECTED
    assert isinstance(replied, actions.CommentRefused), replied
    assert replied.code == "parent_gone"
    assert not Comment.objects.filter(parent=parent).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", range(3))
def test_twin_submits_of_one_form_all_answer_with_the_stored_comment(
    rounds: int, essay: Essay, fixed_scorer: Any
) -> None:
    writer = _elder(f"wes{rounds}")
    barrier = threading.Barrier(4)

    def submit() -> Any:
        barrier.wait(timeout=10)
        return actions.post_comment(
            author=writer,
            essay=essay,
            body="The same words, sent four times.",
            idempotency_key=f"form-{rounds}",
        )

    results = race([submit] * 4, barrier=False)  # they meet at their own barrier

    assert all(isinstance(r, actions.PostResult) for r in results), results
    stored = Comment.objects.filter(author=writer)
    assert stored.count() == 1
    assert {r.comment.pk for r in results} == {stored.get().pk}
    assert sum(not r.repeated for r in results) == 1


@pytest.mark.django_db
def test_a_post_enqueues_one_task_whose_listeners_do_the_rest(
    settings: Any, essay: Essay, fixed_scorer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from thoughtful.discussion.tasks import comment_posted_effects

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pat = _elder("pat")
    pat.email, pat.notify_replies = "pat@example.org", True
    pat.email_verified_at = timezone.now()  # reply emails go to verified addresses (issue 11)
    pat.save()
    parent = CommentFactory(essay=essay, author=pat, status=Comment.Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.post_comment(
            author=_elder("rob"), essay=essay, body="Well said.", parent=parent
        ).comment
    assert reply is not None
    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == ["thoughtful.discussion.tasks.comment_posted_effects"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        comment_posted_effects.call(reply.pk)  # what the worker runs for that row

    assert [m.to for m in mail.outbox] == [["pat@example.org"]]  # the reply email, in the worker
    assert DBTaskResult.objects.count() == 1  # its listeners queued nothing more
