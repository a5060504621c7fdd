"""Every moderation decision happens here: approve, reject, feature, sanctions, appeals, alerts.

Each action: authorise → lock what it changes → check it is still undecided → change → write the
LogEntry (with the evidence as it was) in the same transaction → send events and email after
commit. Views, the API, the demo loader and tests all come through these functions.

Two moderators, one comment: the comment row is locked (SELECT ... FOR UPDATE) and its state is
checked under the lock, so the second moderator gets AlreadyDecided naming the first, and
nothing happens twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion import events
from thoughtful.discussion.models import Comment, Report
from thoughtful.moderation import conf
from thoughtful.moderation.models import Appeal, LogEntry, PileOnAlert, Sanction
from thoughtful.moderation.reasons import REJECTION_REASONS
from thoughtful.people import permissions
from thoughtful.people.models import CommentingStatus, User

logger = logging.getLogger(__name__)

Action = LogEntry.Action


class AlreadyDecided(ValidationError):
    """Someone else decided first (or the thing is no longer waiting); nothing was changed."""

    def __init__(self, message: str, *, by: str = "") -> None:
        super().__init__(message, code="already_decided")
        self.by = by


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)


def _require_moderator(person: User | None) -> User:
    if person is None:
        raise PermissionDenied("Only moderators can do that.")
    permissions.require(permissions.can_moderate(person), "Only moderators can do that.")
    return person


# --- evidence and conflicts -----------------------------------------------------------------


def comment_evidence(comment: Comment) -> dict[str, Any]:
    """What a moderator saw: kept in the log so the decision can be judged later, even if the
    comment is edited afterwards."""
    reports = list(
        Report.objects.filter(comment_id=comment.pk)
        .order_by("created_at")
        .values("reason", "text", "status", "created_at")
    )
    return {
        "text": comment.body,
        "status": comment.status,
        "essay_id": comment.essay_id,
        "parent_id": comment.parent_id,
        "author_id": comment.author_id,
        "created_at": comment.created_at.isoformat(),
        "outcome": (comment.decision or {}).get("outcome", ""),
        "reasons": list((comment.decision or {}).get("reasons", [])),
        "scores": dict((comment.decision or {}).get("scores", {})),
        "reports": [{**r, "created_at": r["created_at"].isoformat()} for r in reports],
    }


def last_decider(comment_id: int) -> str:
    entry = (
        LogEntry.objects.filter(comment_id=comment_id, action__in=[Action.APPROVE, Action.REJECT])
        .select_related("actor")
        .first()
    )
    if entry is None:
        return "the posting checks"
    return entry.actor.public_name if entry.actor else "an automatic rule"


def _conflict(comment: Comment) -> AlreadyDecided:
    # A tombstone, or a held or rejected comment its writer withdrew.
    if comment.deleted_at is not None or comment.status == Comment.Status.DELETED:
        return AlreadyDecided("Its writer deleted this comment; there is nothing to decide.")
    by = last_decider(comment.pk)
    state = {
        Comment.Status.PUBLISHED: "approved",
        Comment.Status.REJECTED: "rejected",
        Comment.Status.HELD: "held",
    }.get(Comment.Status(comment.status), comment.status)
    return AlreadyDecided(f"Already decided by {by}: {state}.", by=by)


def _lock_comment(comment_id: int) -> Comment:
    # The lock serialises decisions on one comment (PostgreSQL); SQLite serialises all writers.
    return Comment.objects.select_for_update().get(pk=comment_id)


def _log(
    *,
    actor: User | None,
    action: str,
    comment: Comment | None = None,
    person_id: int | None = None,
    sanction: Sanction | None = None,
    reason_code: str = "",
    reason: str = "",
    note: str = "",
    evidence: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> LogEntry:
    return LogEntry.objects.create(
        actor=actor,
        automatic=actor is None,
        action=action,
        comment=comment,
        person_id=person_id if person_id is not None else (comment.author_id if comment else None),
        sanction=sanction,
        reason_code=reason_code,
        reason=reason[:500],
        note=note.strip()[:2000],
        evidence=evidence or {},
        created_at=now or timezone.now(),
    )


def _resolve_reports(comment_id: int) -> int:
    return Report.objects.filter(comment_id=comment_id, status=Report.Status.OPEN).update(
        status=Report.Status.RESOLVED
    )


def _after_commit_refresh(comment_id: int, *, published: bool) -> None:
    def run() -> None:
        if published:
            # The same listeners as a comment published at once: standing, reply email.
            events.announce_comment_posted(comment_id=comment_id)
        else:
            # A removed comment stops counting towards its writer's contribution score.
            events.reaction_changed(comment_id=comment_id)
        events.comment_decided(comment_id=comment_id)

    transaction.on_commit(run)


# --- comment decisions ------------------------------------------------------------------------


def approve(
    *,
    moderator: User,
    comment: Comment,
    note: str = "",
    reconsider: bool = False,
    now: datetime | None = None,
) -> Comment:
    """Publish a held comment, or keep a reported one (its reports are resolved).

    reconsider=True also reinstates a rejected comment (from the Rejected queue).
    """
    _require_moderator(moderator)
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_comment(comment.pk)
        has_reports = Report.objects.filter(
            comment_id=locked.pk, status=Report.Status.OPEN
        ).exists()
        evidence = comment_evidence(locked)
        publish = locked.status == Comment.Status.HELD or (
            reconsider and locked.status == Comment.Status.REJECTED
        )
        # What its writer withdrew is never published against their wish.
        if locked.deleted_at is not None or (
            not publish and not (locked.status == Comment.Status.PUBLISHED and has_reports)
        ):
            raise _conflict(locked)
        if publish:
            locked.status = Comment.Status.PUBLISHED
            locked.rejection_reason = ""
            locked.save(update_fields=["status", "rejection_reason"])
        _resolve_reports(locked.pk)
        _log(
            actor=moderator,
            action=Action.APPROVE,
            comment=locked,
            note=note,
            evidence=evidence,
            now=moment,
        )
        if publish:
            _after_commit_refresh(locked.pk, published=True)
        else:
            transaction.on_commit(lambda: events.comment_decided(comment_id=locked.pk))
    return locked


def reject(
    *,
    moderator: User,
    comment: Comment,
    reason_code: str,
    reason_text: str = "",
    note: str = "",
    reconsider: bool = False,
    now: datetime | None = None,
) -> Comment:
    """Remove a held or reported comment; its writer sees the reason (Comment.rejection_reason).

    reconsider=True also removes a published comment nobody reported (Recently approved).
    """
    _require_moderator(moderator)
    if reason_code not in REJECTION_REASONS:
        raise ValidationError("Choose a reason the writer will see.", code="reason")
    writer_sees = (reason_text.strip() or REJECTION_REASONS[reason_code])[:300]
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_comment(comment.pk)
        has_reports = Report.objects.filter(
            comment_id=locked.pk, status=Report.Status.OPEN
        ).exists()
        allowed = locked.deleted_at is None and (
            locked.status == Comment.Status.HELD
            or (locked.status == Comment.Status.PUBLISHED and (has_reports or reconsider))
        )
        if not allowed:
            raise _conflict(locked)
        was_published = locked.status == Comment.Status.PUBLISHED
        evidence = comment_evidence(locked)
        locked.status = Comment.Status.REJECTED
        locked.rejection_reason = writer_sees
        locked.featured_at = None
        locked.featured_by = None
        locked.save(update_fields=["status", "rejection_reason", "featured_at", "featured_by"])
        _resolve_reports(locked.pk)
        _log(
            actor=moderator,
            action=Action.REJECT,
            comment=locked,
            reason_code=reason_code,
            reason=writer_sees,
            note=note,
            evidence=evidence,
            now=moment,
        )
        apply_rejection_rule(person_id=locked.author_id, now=moment)
        if was_published:
            _after_commit_refresh(locked.pk, published=False)
        else:
            transaction.on_commit(lambda: events.comment_decided(comment_id=locked.pk))
    return locked


def set_featured(*, moderator: User, comment: Comment, featured: bool, note: str = "") -> Comment:
    """Feature (or unfeature) a comment; featuring a held comment approves it first."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = _lock_comment(comment.pk)
        if featured and locked.status == Comment.Status.HELD:
            locked = approve(moderator=moderator, comment=locked, note=note)
        if featured == (locked.featured_at is not None):
            by = locked.featured_by.public_name if locked.featured_by else "someone"
            state = f"Already featured by {by}." if featured else "It is not featured."
            raise AlreadyDecided(state, by=by if featured else "")
        locked = discussion_actions.set_featured(
            person=moderator, comment=locked, featured=featured
        )
        _log(
            actor=moderator,
            action=Action.FEATURE if featured else Action.UNFEATURE,
            comment=locked,
            note=note,
            evidence=comment_evidence(locked),
        )
    return locked


def bulk_decide(
    *,
    moderator: User,
    comment_ids: list[int],
    decision: str,
    reason_code: str = "",
    note: str = "",
) -> BulkResult:
    """Approve or reject a selection; each comment is its own transaction, so one that another
    moderator decided meanwhile is reported back and the rest go through."""
    _require_moderator(moderator)
    if decision not in ("approve", "reject"):
        raise ValidationError("Choose approve or reject.", code="decision")
    if decision == "reject" and reason_code not in REJECTION_REASONS:
        raise ValidationError("Choose a reason the writers will see.", code="reason")
    result = BulkResult()
    comments = {c.pk: c for c in Comment.objects.filter(pk__in=comment_ids[:500])}
    for comment_id in comment_ids[:500]:
        comment = comments.get(comment_id)
        if comment is None:
            result.conflicts.append((comment_id, "No such comment."))
            continue
        try:
            if decision == "approve":
                approve(moderator=moderator, comment=comment, note=note)
            else:
                reject(moderator=moderator, comment=comment, reason_code=reason_code, note=note)
            result.done.append(comment_id)
        except AlreadyDecided as exc:
            result.conflicts.append((comment_id, exc.messages[0]))
    return result


def hold(
    *, moderator: User, comment: Comment, note: str = "", now: datetime | None = None
) -> Comment:
    """Take a published comment back for review (it leaves the thread until decided)."""
    _require_moderator(moderator)
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_comment(comment.pk)
        if locked.deleted_at is not None or locked.status != Comment.Status.PUBLISHED:
            raise _conflict(locked)
        evidence = comment_evidence(locked)
        locked.status = Comment.Status.HELD
        locked.featured_at = None
        locked.featured_by = None
        locked.save(update_fields=["status", "featured_at", "featured_by"])
        _log(
            actor=moderator,
            action=Action.HOLD,
            comment=locked,
            note=note,
            evidence=evidence,
            now=moment,
        )
        _after_commit_refresh(locked.pk, published=False)
    return locked


def bulk_hold(*, moderator: User, comment_ids: list[int], note: str = "") -> BulkResult:
    """Hold a selection of published comments; each is its own transaction."""
    _require_moderator(moderator)
    result = BulkResult()
    comments = {c.pk: c for c in Comment.objects.filter(pk__in=comment_ids[:500])}
    for comment_id in comment_ids[:500]:
        comment = comments.get(comment_id)
        if comment is None:
            result.conflicts.append((comment_id, "No such comment."))
            continue
        try:
            hold(moderator=moderator, comment=comment, note=note)
            result.done.append(comment_id)
        except AlreadyDecided as exc:
            result.conflicts.append((comment_id, exc.messages[0]))
    return result


# --- sanctions --------------------------------------------------------------------------------

_SEVERITY = [Sanction.Kind.BAN, Sanction.Kind.SUSPEND, Sanction.Kind.PREMODERATE]
_STATUS_FOR = {
    Sanction.Kind.BAN: CommentingStatus.BANNED,
    Sanction.Kind.SUSPEND: CommentingStatus.SUSPENDED,
    Sanction.Kind.PREMODERATE: CommentingStatus.PREMODERATED,
}
_LOG_ACTION = {
    Sanction.Kind.WARN: Action.WARN,
    Sanction.Kind.PREMODERATE: Action.PREMODERATE,
    Sanction.Kind.SUSPEND: Action.SUSPEND,
    Sanction.Kind.BAN: Action.BAN,
}


def sync_commenting_status(*, person_id: int, now: datetime | None = None) -> str:
    """people.User.commenting_status follows the person's sanctions in force, most severe
    first. Only moderation's actions call this (the guide: status is moderation's to change)."""
    moment = now or timezone.now()
    in_force = [
        s
        for s in Sanction.objects.filter(person_id=person_id, status=Sanction.Status.ACTIVE)
        if s.restricts and s.in_force(moment)
    ]
    status: str = CommentingStatus.NORMAL
    until = None
    for kind in _SEVERITY:
        matching = [s for s in in_force if s.kind == kind]
        if matching:
            status = _STATUS_FOR[kind]
            if kind == Sanction.Kind.SUSPEND:
                until = max(s.ends_at for s in matching if s.ends_at is not None)
            break
    User.objects.filter(pk=person_id).update(commenting_status=status, suspended_until=until)
    return status


def _person_evidence(person: User) -> dict[str, Any]:
    return {
        "commenting_status": person.commenting_status,
        "suspended_until": person.suspended_until.isoformat() if person.suspended_until else None,
        "published": Comment.objects.filter(
            author_id=person.pk, status=Comment.Status.PUBLISHED
        ).count(),
        "rejected": Comment.objects.filter(
            author_id=person.pk, status=Comment.Status.REJECTED
        ).count(),
    }


def sanction(
    *,
    moderator: User | None,
    person: User,
    kind: str,
    reason: str,
    until: datetime | None = None,
    note: str = "",
    comment: Comment | None = None,
    now: datetime | None = None,
) -> Sanction:
    """Warn, pre-moderate, suspend (until a date) or ban a person. moderator=None is an
    automatic rule (logged as such)."""
    if moderator is not None:
        _require_moderator(moderator)
    moment = now or timezone.now()
    if kind not in Sanction.Kind.values:
        raise ValidationError("Choose a kind of sanction.", code="kind")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give a reason; the person will see it.", code="reason")
    if kind == Sanction.Kind.SUSPEND:
        if until is None or until <= moment:
            raise ValidationError("A suspension needs an end in the future.", code="until")
    else:
        until = None
    if moderator is not None and person.pk == moderator.pk:
        raise ValidationError("You can't sanction yourself.", code="self")
    if permissions.can_moderate(person):
        raise ValidationError("Staff accounts are not sanctioned from the desk.", code="staff")
    with transaction.atomic():
        # Lock the person: two moderators banning at once make one ban, not two.
        locked = User.objects.select_for_update().get(pk=person.pk)
        same = (
            Sanction.objects.filter(person=locked, kind=kind, status=Sanction.Status.ACTIVE)
            .select_related("issued_by")
            .first()
        )
        if same is not None and kind != Sanction.Kind.WARN and same.in_force(moment):
            by = same.issued_by.public_name if same.issued_by else "an automatic rule"
            raise AlreadyDecided(f"Already under {same.get_kind_display().lower()} by {by}.", by=by)
        evidence = _person_evidence(locked)
        if comment is not None:
            evidence["comment"] = comment_evidence(comment)
        record = Sanction.objects.create(
            person=locked,
            kind=kind,
            reason=reason[:500],
            note=note.strip()[:2000],
            comment=comment,
            issued_by=moderator,
            automatic=moderator is None,
            starts_at=moment,
            ends_at=until,
        )
        sync_commenting_status(person_id=locked.pk, now=moment)
        _log(
            actor=moderator,
            action=_LOG_ACTION[Sanction.Kind(kind)],
            comment=comment,
            person_id=locked.pk,
            sanction=record,
            reason_code=kind,
            reason=reason,
            note=note,
            evidence=evidence,
            now=moment,
        )
        transaction.on_commit(lambda: _enqueue("notify_sanction", record.pk))
    return record


def warn(*, moderator: User, person: User, reason: str, **kw: Any) -> Sanction:
    return sanction(
        moderator=moderator, person=person, kind=Sanction.Kind.WARN, reason=reason, **kw
    )


def premoderate(*, moderator: User, person: User, reason: str, **kw: Any) -> Sanction:
    return sanction(
        moderator=moderator, person=person, kind=Sanction.Kind.PREMODERATE, reason=reason, **kw
    )


def suspend(*, moderator: User, person: User, reason: str, until: datetime, **kw: Any) -> Sanction:
    return sanction(
        moderator=moderator,
        person=person,
        kind=Sanction.Kind.SUSPEND,
        reason=reason,
        until=until,
        **kw,
    )


def ban(*, moderator: User, person: User, reason: str, **kw: Any) -> Sanction:
    return sanction(moderator=moderator, person=person, kind=Sanction.Kind.BAN, reason=reason, **kw)


def _lift_locked(record: Sanction, *, by: User | None, reason: str, moment: datetime) -> Sanction:
    record.status = Sanction.Status.LIFTED
    record.lifted_at = moment
    record.lifted_by = by
    record.lift_reason = reason.strip()[:500]
    record.save(update_fields=["status", "lifted_at", "lifted_by", "lift_reason"])
    sync_commenting_status(person_id=record.person_id, now=moment)
    return record


def lift(
    *,
    moderator: User,
    sanction: Sanction,
    reason: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Sanction:
    _require_moderator(moderator)
    moment = now or timezone.now()
    with transaction.atomic():
        record = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if record.status != Sanction.Status.ACTIVE:
            by = record.lifted_by.public_name if record.lifted_by else "someone"
            raise AlreadyDecided(f"Already lifted by {by}.", by=by)
        _lift_locked(record, by=moderator, reason=reason, moment=moment)
        _log(
            actor=moderator,
            action=Action.LIFT,
            person_id=record.person_id,
            sanction=record,
            reason_code=record.kind,
            reason=reason,
            note=note,
            evidence={"sanction": {"kind": record.kind, "reason": record.reason}},
            now=moment,
        )
    return record


def expire_sanctions(*, now: datetime | None = None) -> int:
    """Suspensions whose end has passed are lifted automatically (logged, no actor), and the
    person's commenting status is recomputed from what is still in force: someone both
    pre-moderated and suspended goes back to pre-moderated, not to normal."""
    moment = now or timezone.now()
    due = Sanction.objects.filter(
        status=Sanction.Status.ACTIVE, ends_at__isnull=False, ends_at__lte=moment
    ).values_list("pk", flat=True)
    expired = 0
    for sanction_id in list(due):
        with transaction.atomic():
            record = Sanction.objects.select_for_update().get(pk=sanction_id)
            if record.status != Sanction.Status.ACTIVE:
                continue  # lifted by a moderator meanwhile
            _lift_locked(record, by=None, reason="Ended on its date.", moment=moment)
            _log(
                actor=None,
                action=Action.LIFT,
                person_id=record.person_id,
                sanction=record,
                reason_code=record.kind,
                reason="Ended on its date.",
                evidence={"sanction": {"kind": record.kind, "reason": record.reason}},
                now=moment,
            )
            expired += 1
    return expired


# --- appeals ----------------------------------------------------------------------------------


def file_appeal(*, person: User, sanction: Sanction, text: str) -> Appeal:
    """The sanctioned person asks for a second look: one appeal per sanction."""
    if sanction.person_id != person.pk:
        raise PermissionDenied("You can only appeal your own sanctions.")
    text = text.strip()
    if not text:
        raise ValidationError("Tell the moderators why the decision should change.", code="text")
    if sanction.status != Sanction.Status.ACTIVE:
        raise ValidationError("This sanction is no longer in force.", code="not_active")
    try:
        with transaction.atomic():
            return Appeal.objects.create(sanction=sanction, text=text[:3000])
    except IntegrityError:
        raise ValidationError(
            "You have already appealed this sanction.", code="duplicate"
        ) from None


def decide_appeal(
    *, moderator: User, appeal: Appeal, outcome: str, note: str = "", now: datetime | None = None
) -> Appeal:
    """Uphold the sanction or lift it; the person is told by email either way."""
    _require_moderator(moderator)
    if outcome not in ("uphold", "lift"):
        raise ValidationError("Choose uphold or lift.", code="outcome")
    moment = now or timezone.now()
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.status != Appeal.Status.PENDING:
            by = locked.decided_by.public_name if locked.decided_by else "someone"
            raise AlreadyDecided(f"Already decided by {by}.", by=by)
        record = Sanction.objects.select_for_update().get(pk=locked.sanction_id)
        if record.person_id == moderator.pk:
            raise PermissionDenied("Someone else must decide your own appeal.")
        locked.status = Appeal.Status.LIFTED if outcome == "lift" else Appeal.Status.UPHELD
        locked.decided_at = moment
        locked.decided_by = moderator
        locked.decision_note = note.strip()[:1000]
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        if outcome == "lift" and record.status == Sanction.Status.ACTIVE:
            _lift_locked(record, by=moderator, reason=note or "Lifted on appeal.", moment=moment)
        _log(
            actor=moderator,
            action=Action.APPEAL_LIFTED if outcome == "lift" else Action.APPEAL_UPHELD,
            person_id=record.person_id,
            sanction=record,
            reason_code=record.kind,
            reason=note,
            evidence={
                "appeal": locked.text,
                "sanction": {"kind": record.kind, "reason": record.reason},
            },
            now=moment,
        )
        transaction.on_commit(lambda: _enqueue("notify_appeal_decision", locked.pk))
    return locked


# --- trust rules ------------------------------------------------------------------------------

AUTO_PREMODERATION_REASON = (
    "Several of your recent comments were removed, so for now a moderator reads your comments "
    "before they appear."
)


def apply_rejection_rule(*, person_id: int, now: datetime | None = None) -> Sanction | None:
    """A rejection rate at or above REJECTION_RATE over REJECTION_WINDOW_DAYS (with at least
    REJECTION_MIN_DECISIONS decided comments) puts the person on pre-moderation: an automatic,
    logged sanction a moderator can lift. Comments from before a lift don't count again."""
    moment = now or timezone.now()
    person = User.objects.filter(pk=person_id).first()
    if person is None or person.effective_commenting_status(moment) != CommentingStatus.NORMAL:
        return None
    if permissions.can_moderate(person):
        return None
    since = moment - timedelta(days=conf.value("REJECTION_WINDOW_DAYS"))
    last_lift = (
        Sanction.objects.filter(person_id=person_id, lifted_at__isnull=False)
        .order_by("-lifted_at")
        .values_list("lifted_at", flat=True)
        .first()
    )
    if last_lift and last_lift > since:
        since = last_lift
    decided = Comment.objects.filter(
        author_id=person_id,
        created_at__gte=since,
        status__in=[Comment.Status.PUBLISHED, Comment.Status.REJECTED],
    )
    total = decided.count()
    if total < conf.value("REJECTION_MIN_DECISIONS"):
        return None
    rejected = decided.filter(status=Comment.Status.REJECTED).count()
    if rejected / total < conf.value("REJECTION_RATE"):
        return None
    logger.info(
        "person %s pre-moderated automatically: %s of %s rejected", person_id, rejected, total
    )
    return sanction(
        moderator=None,
        person=person,
        kind=Sanction.Kind.PREMODERATE,
        reason=AUTO_PREMODERATION_REASON,
        note=f"Automatic: {rejected} of {total} comments rejected since {since:%Y-%m-%d}.",
        now=moment,
    )


def record_pipeline_rejection(*, comment_id: int) -> LogEntry | None:
    """The posting pipeline rejected and stored a comment (banned words): write it to the log
    as an automatic removal and apply the rejection-rate rule. Runs after the comment commits
    (discussion.events), so discussion never imports moderation."""
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.REJECTED).first()
    if comment is None or LogEntry.objects.filter(comment=comment).exists():
        return None
    reasons = (comment.decision or {}).get("reasons", [])
    with transaction.atomic():
        entry = _log(
            actor=None,
            action=Action.REJECT,
            comment=comment,
            reason_code=reasons[0] if reasons else "pipeline",
            reason=comment.rejection_reason,
            evidence=comment_evidence(comment),
        )
        apply_rejection_rule(person_id=comment.author_id)
    return entry


# --- pile-on alerts ---------------------------------------------------------------------------


def raise_alert(
    *,
    essay_id: int,
    signal: str,
    summary: str,
    strength: float = 0.0,
    comment_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> PileOnAlert:
    """For the shield: put a pile-on signal in front of moderators."""
    return PileOnAlert.objects.create(
        essay_id=essay_id,
        comment_id=comment_id,
        signal=signal[:40],
        summary=summary[:300],
        strength=strength,
        detail=detail or {},
    )


def resolve_alert(*, moderator: User, alert: PileOnAlert, note: str = "") -> PileOnAlert:
    _require_moderator(moderator)
    with transaction.atomic():
        locked = PileOnAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != PileOnAlert.Status.OPEN:
            by = locked.resolved_by.public_name if locked.resolved_by else "someone"
            raise AlreadyDecided(f"Already resolved by {by}.", by=by)
        locked.status = PileOnAlert.Status.RESOLVED
        locked.resolved_at = timezone.now()
        locked.resolved_by = moderator
        locked.save(update_fields=["status", "resolved_at", "resolved_by"])
        _log(
            actor=moderator,
            action=Action.ALERT_RESOLVED,
            comment=locked.comment,
            note=note,
            evidence={
                "signal": locked.signal,
                "summary": locked.summary,
                "essay_id": locked.essay_id,
                "detail": locked.detail,
            },
        )
    return locked


def _enqueue(name: str, object_id: int) -> None:
    from thoughtful.moderation import tasks

    try:
        getattr(tasks, name).enqueue(object_id)
    except Exception:  # email must never undo a decision
        logger.exception("could not enqueue %s for %s", name, object_id)
