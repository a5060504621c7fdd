"""Every moderation action: what it changes, what it logs, what it sends, what it refuses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import CommentFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion import events
from thoughtful.discussion.models import Comment, Report
from thoughtful.moderation import actions
from thoughtful.moderation.models import AppendOnlyError, LogEntry, Sanction
from thoughtful.people.models import CommentingStatus, User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay
from thoughtful.standing.models import Standing

pytestmark = pytest.mark.django_db(transaction=True)


def test_approve_publishes_logs_and_fires_comment_posted(
    moderator: User, essay: Essay, commenter: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reply emails go to verified addresses only (issue 11).
    parent = CommentFactory(
        essay=essay,
        author=UserFactory(email="parent@example.org", email_verified_at=timezone.now()),
    )
    comment = held(essay, commenter, "I see it differently, and here is why.")
    comment.parent = parent
    comment.save()
    fired: list[int] = []
    monkeypatch.setattr(events, "_comment_posted", [*events._comment_posted, fired.append])

    actions.approve(moderator=moderator, comment=comment, note="fine on reflection")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert fired == [comment.pk]  # after commit: standing refresh and reply email ran too
    assert Standing.objects.get(person=commenter).score == 5
    assert any("replied to you" in m.subject for m in mail.outbox)
    entry = LogEntry.objects.get(comment=comment)
    assert (entry.actor, entry.action, entry.note) == (moderator, "approve", "fine on reflection")
    assert entry.evidence["text"] == "I see it differently, and here is why."
    assert entry.evidence["status"] == "held" and entry.evidence["scores"]["toxicity"] == 0.91
    assert entry.person == commenter


def test_reject_shows_the_reason_to_the_writer_and_resolves_reports(
    moderator: User, essay: Essay, commenter: User
) -> None:
    comment = CommentFactory(essay=essay, author=commenter, body="Nobody asked you.")
    reporter = UserFactory()
    discussion_actions.report_comment(reporter=reporter, comment=comment, reason="unkind")

    actions.reject(moderator=moderator, comment=comment, reason_code="personal_attack")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert comment.rejection_reason.startswith("It attacks a person")
    assert Report.objects.get(comment=comment).status == Report.Status.RESOLVED
    entry = LogEntry.objects.get(comment=comment)
    assert entry.reason_code == "personal_attack"
    assert entry.evidence["reports"][0]["reason"] == "unkind"
    assert entry.evidence["status"] == "published"


def test_reject_in_own_words_and_needs_a_reason(
    moderator: User, essay: Essay, commenter: User
) -> None:
    comment = held(essay, commenter)
    with pytest.raises(ValidationError):
        actions.reject(moderator=moderator, comment=comment, reason_code="")
    actions.reject(
        moderator=moderator,
        comment=comment,
        reason_code="other",
        reason_text="Please talk about the essay, not its author.",
    )
    comment.refresh_from_db()
    assert comment.rejection_reason == "Please talk about the essay, not its author."


def test_keep_a_reported_comment_resolves_its_reports(
    moderator: User, essay: Essay, commenter: User
) -> None:
    comment = CommentFactory(essay=essay, author=commenter)
    discussion_actions.report_comment(reporter=UserFactory(), comment=comment, reason="spam")
    actions.approve(moderator=moderator, comment=comment)
    assert comment.reports.get().status == Report.Status.RESOLVED
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    with pytest.raises(actions.AlreadyDecided, match="Already decided by Maya"):
        actions.approve(moderator=moderator, comment=comment)


def test_second_decision_is_refused_naming_the_first(essay: Essay, commenter: User) -> None:
    first, second = make_moderator("ada"), make_moderator("ben", Role.EDITOR)
    comment = held(essay, commenter)
    actions.reject(moderator=first, comment=comment, reason_code="threat")
    with pytest.raises(actions.AlreadyDecided) as caught:
        actions.approve(moderator=second, comment=comment)
    assert caught.value.by == "Ada"
    assert "Already decided by Ada: rejected" in caught.value.messages[0]
    with pytest.raises(actions.AlreadyDecided):
        actions.reject(moderator=second, comment=comment, reason_code="threat")
    assert LogEntry.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_reconsider_reinstates_and_removes(moderator: User, essay: Essay, commenter: User) -> None:
    comment = held(essay, commenter)
    actions.reject(moderator=moderator, comment=comment, reason_code="spam")
    actions.approve(moderator=moderator, comment=comment, reconsider=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.rejection_reason == ""
    with pytest.raises(actions.AlreadyDecided):  # no reports, not held: nothing to decide
        actions.reject(moderator=moderator, comment=comment, reason_code="spam")
    actions.reject(moderator=moderator, comment=comment, reason_code="spam", reconsider=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_a_deleted_comment_cannot_be_decided(
    moderator: User, essay: Essay, commenter: User
) -> None:
    comment = held(essay, commenter)
    discussion_actions.delete_own_comment(person=commenter, comment=comment)
    with pytest.raises(actions.AlreadyDecided, match="deleted"):
        actions.approve(moderator=moderator, comment=comment)


def test_feature_and_unfeature_are_logged(moderator: User, essay: Essay, commenter: User) -> None:
    comment = held(essay, commenter, "A kind and careful reply.")
    actions.set_featured(moderator=moderator, comment=comment, featured=True)  # approves first
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.featured_by == moderator
    with pytest.raises(actions.AlreadyDecided, match="Already featured by Maya"):
        actions.set_featured(moderator=moderator, comment=comment, featured=True)
    actions.set_featured(moderator=moderator, comment=comment, featured=False)
    comment.refresh_from_db()
    assert comment.featured_at is None
    assert list(
        LogEntry.objects.filter(comment=comment).order_by("id").values_list("action", flat=True)
    ) == ["approve", "feature", "unfeature"]


def test_readers_cannot_moderate(essay: Essay, commenter: User) -> None:
    comment = held(essay, commenter)
    reader = UserFactory()
    contributor = make_moderator("carl", Role.CONTRIBUTOR)
    for person in (reader, contributor):
        with pytest.raises(PermissionDenied):
            actions.approve(moderator=person, comment=comment)
        with pytest.raises(PermissionDenied):
            actions.ban(moderator=person, person=commenter, reason="no")
    assert not LogEntry.objects.exists()


def test_bulk_approve_and_reject_report_conflicts(
    moderator: User, essay: Essay, commenter: User
) -> None:
    comments = [held(essay, commenter, f"held {i}") for i in range(4)]
    actions.approve(moderator=make_moderator("ada"), comment=comments[0])
    result = actions.bulk_decide(
        moderator=moderator, comment_ids=[c.pk for c in comments[:2]], decision="approve"
    )
    assert result.done == [comments[1].pk]
    assert [c for c, _ in result.conflicts] == [comments[0].pk]
    result = actions.bulk_decide(
        moderator=moderator,
        comment_ids=[c.pk for c in comments[2:]],
        decision="reject",
        reason_code="spam",
    )
    assert result.done == [comments[2].pk, comments[3].pk]
    assert Comment.objects.filter(status=Comment.Status.REJECTED).count() == 2
    with pytest.raises(ValidationError):
        actions.bulk_decide(moderator=moderator, comment_ids=[1], decision="reject")


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("warn", CommentingStatus.NORMAL),
        ("premoderate", CommentingStatus.PREMODERATED),
        ("suspend", CommentingStatus.SUSPENDED),
        ("ban", CommentingStatus.BANNED),
    ],
)
def test_sanctions_set_the_commenting_status_and_lift_restores_it(
    moderator: User, commenter: User, kind: str, status: str
) -> None:
    until = timezone.now() + timedelta(days=3) if kind == "suspend" else None
    record = actions.sanction(
        moderator=moderator,
        person=commenter,
        kind=kind,
        reason="Repeated insults.",
        until=until,
        note="see the thread on grief",
    )
    commenter.refresh_from_db()
    assert commenter.commenting_status == status
    if kind == "suspend":
        assert commenter.suspended_until == until
    assert any("About your comments" in m.subject for m in mail.outbox)
    entry = LogEntry.objects.get(sanction=record)
    assert (entry.action, entry.person, entry.reason) == (kind, commenter, "Repeated insults.")
    actions.lift(moderator=moderator, sanction=record, reason="Apologised.")
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.NORMAL
    assert LogEntry.objects.filter(sanction=record, action="lift").exists()
    with pytest.raises(actions.AlreadyDecided, match="Already lifted by Maya"):
        actions.lift(moderator=moderator, sanction=record)


def test_sanction_rules(moderator: User, commenter: User) -> None:
    with pytest.raises(ValidationError, match="end in the future"):
        actions.suspend(
            moderator=moderator,
            person=commenter,
            reason="x",
            until=timezone.now() - timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="reason"):
        actions.ban(moderator=moderator, person=commenter, reason="  ")
    with pytest.raises(ValidationError, match="Staff"):
        actions.ban(moderator=moderator, person=make_moderator("ada"), reason="x")
    actions.ban(moderator=moderator, person=commenter, reason="Threats.")
    with pytest.raises(actions.AlreadyDecided, match="Already under ban by Maya"):
        actions.ban(moderator=make_moderator("ada"), person=commenter, reason="Threats.")
    assert Sanction.objects.filter(person=commenter).count() == 1


def test_the_most_severe_sanction_wins(moderator: User, commenter: User) -> None:
    premod = actions.premoderate(moderator=moderator, person=commenter, reason="a")
    ban = actions.ban(moderator=moderator, person=commenter, reason="b")
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.BANNED
    actions.lift(moderator=moderator, sanction=ban)
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.PREMODERATED
    actions.lift(moderator=moderator, sanction=premod)
    commenter.refresh_from_db()
    assert commenter.commenting_status == CommentingStatus.NORMAL


def test_a_banned_person_cannot_post_and_a_premoderated_one_is_held(
    moderator: User, essay: Essay, commenter: User, fixed_scorer: Any
) -> None:
    actions.premoderate(moderator=moderator, person=commenter, reason="a")
    commenter.refresh_from_db()
    result = discussion_actions.post_comment(author=commenter, essay=essay, body="Hello there.")
    assert result.outcome == "held" and "person_premoderated" in result.reasons
    actions.ban(moderator=moderator, person=commenter, reason="b")
    commenter.refresh_from_db()
    with pytest.raises(discussion_actions.CommentRefused):
        discussion_actions.post_comment(author=commenter, essay=essay, body="Hello again.")


def test_the_log_is_append_only(moderator: User, essay: Essay, commenter: User) -> None:
    actions.approve(moderator=moderator, comment=held(essay, commenter))
    entry = LogEntry.objects.get()
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert LogEntry.objects.get().note == ""


def test_pipeline_rejections_are_logged_as_automatic(
    essay: Essay, commenter: User, fixed_scorer: Any
) -> None:
    from thoughtful.discussion.models import WordRule

    WordRule.objects.create(phrase="vermin", action=WordRule.Action.REJECT)
    result = discussion_actions.post_comment(author=commenter, essay=essay, body="You vermin.")
    assert result.outcome == "rejected"
    entry = LogEntry.objects.get(comment=result.comment)
    assert entry.automatic and entry.actor is None and entry.reason_code == "banned_word"


def test_alerts_are_raised_and_resolved_once(moderator: User, essay: Essay) -> None:
    alert = actions.raise_alert(essay_id=essay.pk, signal="burst", summary="40 replies in 5 min")
    actions.resolve_alert(moderator=moderator, alert=alert)
    with pytest.raises(actions.AlreadyDecided):
        actions.resolve_alert(moderator=moderator, alert=alert)
    assert LogEntry.objects.get().action == "alert_resolved"
