"""The shield's bulk actions from a pile-on alert (issue 9): one key each, through the
moderation actions so every comment and sanction is logged as usual."""

from __future__ import annotations

from dataclasses import dataclass, field

from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions as moderation
from thoughtful.moderation.models import PileOnAlert
from thoughtful.people.models import CommentingStatus, User
from thoughtful.shield import actions
from thoughtful.shield.models import Signal

PREMODERATION_REASON = (
    "Your account is new and joined during a pile-on on an essay; for now a moderator reads "
    "your comments before they appear."
)


@dataclass
class Outcome:
    done: int = 0
    skipped: list[str] = field(default_factory=list)


def hold_from_source(*, moderator: User, alert: PileOnAlert, source_key: str) -> Outcome:
    """Hold every published comment on the essay from this referrer, and hold new ones."""
    actions.hold_source(moderator=moderator, essay=alert.essay, source_key=source_key)
    ids = list(
        Signal.objects.filter(essay_id=alert.essay_id, source=source_key).values_list(
            "comment_id", flat=True
        )
    )
    published = list(
        Comment.objects.filter(pk__in=ids, status=Comment.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    result = moderation.bulk_hold(
        moderator=moderator, comment_ids=published, note=f"Pile-on alert {alert.pk}: {source_key}"
    )
    return Outcome(done=len(result.done), skipped=[m for _, m in result.conflicts])


def premoderate_new_accounts(*, moderator: User, alert: PileOnAlert) -> Outcome:
    outcome = Outcome()
    ids = [int(i) for i in alert.detail.get("new_accounts", [])][:200]
    for person in User.objects.filter(pk__in=ids).exclude(
        commenting_status__in=[
            CommentingStatus.PREMODERATED,
            CommentingStatus.SUSPENDED,
            CommentingStatus.BANNED,
        ]
    ):
        moderation.premoderate(
            moderator=moderator,
            person=person,
            reason=PREMODERATION_REASON,
            note=f"Pile-on alert {alert.pk}",
        )
        outcome.done += 1
    return outcome


def reject_near_duplicates(*, moderator: User, alert: PileOnAlert) -> Outcome:
    """Reject the campaign's comments, published ones included (they are why it was raised)."""
    outcome = Outcome()
    ids = [int(i) for i in alert.detail.get("near_duplicates", [])][:500]
    for comment in Comment.objects.filter(pk__in=ids):
        try:
            moderation.reject(
                moderator=moderator,
                comment=comment,
                reason_code="spam",
                note=f"Pile-on alert {alert.pk}: near-duplicates",
                reconsider=True,
            )
            outcome.done += 1
        except moderation.AlreadyDecided as exc:
            outcome.skipped.append(exc.messages[0])
    return outcome
