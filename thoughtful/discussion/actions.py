"""Every change to comments happens here: post, edit, delete, react, report, feature.

A comment's path reads like a sentence: view → post_comment → pipeline checks → decision
(publish / nudge / hold / reject) → stored with its reasons → after-commit events.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from thoughtful.discussion import conf, events, pipeline
from thoughtful.discussion.access import require_readable
from thoughtful.discussion.models import Comment, CommentRevision, Nudge, Reaction, Report
from thoughtful.discussion.pipeline import Decision, Outcome, Submission, Verdict
from thoughtful.discussion.pipeline.checks import load_scorer
from thoughtful.discussion.versions import bump_thread
from thoughtful.markup import render_comment
from thoughtful.people import permissions
from thoughtful.people.models import User
from thoughtful.publishing import page_version
from thoughtful.publishing.models import Essay

logger = logging.getLogger(__name__)

MAX_COMMENT_LENGTH = conf.DEFAULTS["MAX_LENGTH"]


class CommentRefused(ValidationError):
    """The attempt was refused and nothing was stored; the writer keeps their text."""

    def __init__(self, message: str, code: str, retry_after: int | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


@dataclass
class PostResult:
    outcome: str  # "published", "held", "rejected" or "nudged"
    comment: Comment | None = None
    nudge: Nudge | None = None
    message: str = ""
    reasons: list[str] = field(default_factory=list)
    repeated: bool = False  # a double submit answered with the first submit's comment
    unchanged: bool = False  # sent again after a nudge with the same text, not "Post anyway"


UNCHANGED_MESSAGE = (
    "Your comment is unchanged. Edit it below, or choose “Post anyway” to send it as it is "
    "for a moderator to read first."
)
TWIN_NUDGE_MESSAGE = (
    "Before you post: this may read as hostile to others. Would you like to rephrase it?"
)
POSTED_FOR_REVIEW = "Posted as it is: a moderator will read it before it appears."


def _clean_text(body: str) -> str:
    return body.replace("\r\n", "\n").strip()


def _submission(
    *,
    author: User,
    essay: Essay,
    text: str,
    parent: Comment | None,
    now: datetime,
    is_edit: bool = False,
    exclude: int | None = None,
) -> Submission:
    return Submission(
        author=author,
        essay=essay,
        text=text,
        rules=conf.rules_for(essay),
        now=now,
        parent=parent,
        is_edit=is_edit,
        exclude_comment_id=exclude,
    )


def _status_for(decision: Decision) -> str:
    if decision.outcome == Outcome.REJECT:
        return Comment.Status.REJECTED
    if decision.outcome in (Outcome.HOLD, Outcome.NUDGE):
        return Comment.Status.HELD
    return Comment.Status.PUBLISHED


def post_comment(
    *,
    author: User,
    essay: Essay,
    body: str,
    parent: Comment | None = None,
    idempotency_key: str = "",
    nudge_token: str = "",
    post_anyway: bool = False,
    now: datetime | None = None,
) -> PostResult:
    """Run a new comment through the pipeline and store what it decides.

    Raises CommentRefused when the attempt is refused outright (nothing stored).
    """
    permissions.require(permissions.can_comment(author), "Sign in to comment.")
    if not essay.is_published:
        raise PermissionDenied("This essay is not open for comments.")
    if parent is not None and parent.essay_id != essay.pk:
        raise ValidationError("That reply belongs to another essay.", code="wrong_essay")
    if parent is not None and parent.status != Comment.Status.PUBLISHED:
        raise CommentRefused("That comment can no longer be replied to.", code="parent_gone")
    moment = now or timezone.now()
    text = _clean_text(body)
    key = idempotency_key.strip()[:64]

    if key:
        earlier = Comment.objects.filter(author=author, idempotency_key=key).first()
        if earlier is not None:
            return PostResult(outcome=earlier.status, comment=earlier, repeated=True)

    nudge = _pending_nudge(author=author, token=nudge_token)
    if nudge is not None and not post_anyway and normalised_equal(nudge.body, text):
        # "Post my edited comment" with the text as it was: the same nudge stays pending, and
        # the writer is told why nothing happened (issue 10).
        return PostResult(outcome="nudged", nudge=nudge, message=UNCHANGED_MESSAGE, unchanged=True)
    decision = pipeline.run(
        _submission(author=author, essay=essay, text=text, parent=parent, now=moment)
    )

    if decision.outcome == Outcome.REJECT and not any(v.store for v in decision.verdicts):
        deciding = decision.deciding
        assert deciding is not None
        if key and deciding.code in _RESUBMIT_CODES:
            # A concurrent submit of this same form may be what tripped the rate limit or the
            # duplicate check: answer with the comment it stored, not with a refusal. Issue 12.
            # Or with the nudge it was given: a double click on a nudged comment shows the
            # writer the second response, which must be the nudge, not "commenting quickly".
            twin = _await_twin(author=author, key=key, essay=essay, parent=parent, text=text)
            if twin is not None:
                return twin
        raise CommentRefused(
            deciding.message, code=deciding.code, retry_after=deciding.detail.get("retry_after")
        )

    if decision.offers_nudge and not post_anyway:
        with transaction.atomic():
            # One writer's nudges one at a time (the row lock on PostgreSQL; SQLite's
            # IMMEDIATE transactions already serialise), so a double-submitted form finds the
            # nudge its twin created instead of leaving a second one pending (issue 12).
            list(User.objects.select_for_update().filter(pk=author.pk).values_list("pk"))
            if nudge is not None:
                _resolve_nudge(nudge, Nudge.Outcome.EDITED, moment)
            fresh = _same_pending_nudge(author=author, essay=essay, parent=parent, text=text)
            if fresh is None:
                fresh = Nudge.objects.create(
                    author=author,
                    essay=essay,
                    parent=parent,
                    body=text,
                    scores=decision.scores,
                    created_at=moment,
                )
        return PostResult(
            outcome="nudged",
            nudge=fresh,
            message=decision.nudge_message,
            reasons=decision.reasons,
        )

    record = decision.as_dict()
    source = events.current_source()
    if source:
        # Where the visit that started this session came from (Referer, UTM): the shield's
        # one-source signal and the desk's "hold all from this referrer" read it (issue 9).
        record["source"] = source
    status = _status_for(decision)
    posted_anyway = post_anyway and decision.nudging is not None
    if posted_anyway:
        # The writer chose "Post anyway": a moderator reads it first.
        record["reasons"].append("nudge_posted_anyway")
    deciding = decision.deciding
    try:
        with transaction.atomic():
            if parent is not None:
                # Lock the parent and read its status again: a moderator rejecting it at this
                # moment holds the same lock, so a reply never lands under a removed comment
                # (it would be invisible, yet score and email the removed writer). Issue 12.
                parent_status = (
                    Comment.objects.select_for_update()
                    .filter(pk=parent.pk)
                    .values_list("status", flat=True)
                    .first()
                )
                if parent_status != Comment.Status.PUBLISHED:
                    raise CommentRefused(
                        "That comment can no longer be replied to.", code="parent_gone"
                    )
            comment = Comment.objects.create(
                essay=essay,
                author=author,
                parent=parent,
                root=(parent.root or parent) if parent else None,
                depth=(parent.depth + 1) if parent else 0,
                body=text,
                body_html=render_comment(text),
                status=status,
                decision=record,
                rejection_reason=deciding.message
                if status == Comment.Status.REJECTED and deciding
                else "",
                author_score=events.author_score(author.pk),
                idempotency_key=key,
                created_at=moment,
            )
            if parent is not None:
                Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
            if nudge is not None:
                outcome = (
                    Nudge.Outcome.POSTED_ANYWAY
                    if post_anyway and normalised_equal(nudge.body, text)
                    else Nudge.Outcome.EDITED
                )
                _resolve_nudge(nudge, outcome, moment, comment=comment)
            transaction.on_commit(lambda: events.announce_comment_posted(comment_id=comment.pk))
            if any(v.code == "unscored" and v.detail.get("rescore") for v in decision.verdicts):
                transaction.on_commit(lambda: _enqueue_rescore(comment.pk))
    except IntegrityError:
        # Two submits of one form raced past the check above: the first one won.
        earlier = Comment.objects.filter(author=author, idempotency_key=key).first()
        if earlier is None:
            raise
        return PostResult(outcome=earlier.status, comment=earlier, repeated=True)
    message = _confirmation(status, deciding, posted_anyway=posted_anyway, comment=comment)
    return PostResult(outcome=status, comment=comment, message=message, reasons=record["reasons"])


def _confirmation(
    status: str, deciding: Verdict | None, *, posted_anyway: bool, comment: Comment
) -> str:
    """What the writer is told happened: never the nudge's question again (issue 10)."""
    if status == Comment.Status.PUBLISHED:
        return "Your comment is posted."
    if status == Comment.Status.REJECTED:
        return comment.rejection_reason
    if posted_anyway:
        return POSTED_FOR_REVIEW
    if deciding is None or deciding.outcome == Outcome.NUDGE:
        return "Your comment will appear once a moderator has read it."
    return deciding.message


def _same_pending_nudge(
    *, author: User, essay: Essay, parent: Comment | None, text: str
) -> Nudge | None:
    pending = Nudge.objects.filter(
        author=author, essay=essay, parent=parent, outcome=Nudge.Outcome.PENDING
    ).order_by("-created_at")[:20]
    return next((n for n in pending if normalised_equal(n.body, text)), None)


# Refusals a twin request of the same form can cause (it counted against the rate, or it
# stored the very same text a moment ago).
_RESUBMIT_CODES = frozenset({"rate_limited", "duplicate"})
_RESUBMIT_WAIT_SECONDS = 2.0


def _await_twin(
    *, author: User, key: str, essay: Essay, parent: Comment | None, text: str
) -> PostResult | None:
    """What a twin request of this same form got: its stored comment, or its pending nudge."""
    deadline = time.monotonic() + _RESUBMIT_WAIT_SECONDS
    while True:
        earlier = Comment.objects.filter(author=author, idempotency_key=key).first()
        if earlier is not None:
            return PostResult(outcome=earlier.status, comment=earlier, repeated=True)
        nudge = _same_pending_nudge(author=author, essay=essay, parent=parent, text=text)
        if nudge is not None:
            return PostResult(
                outcome="nudged", nudge=nudge, message=TWIN_NUDGE_MESSAGE, repeated=True
            )
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def _enqueue_rescore(comment_id: int) -> None:
    from thoughtful.discussion.tasks import rescore_comment  # tasks import this module

    rescore_comment.enqueue(comment_id)


def rescore_comment(*, comment_id: int) -> str:
    """Score a comment the scorer was too slow for when it was posted, without the time
    budget, and hold it if the score says so (issue 12: degrade by re-scoring, not holding).

    Safe to run twice: a comment already re-scored, or no longer published, is left alone.
    Returns what happened: "kept", "held", "held_unscorable" or "skipped".
    """
    comment = Comment.objects.select_related("essay").filter(pk=comment_id).first()
    if comment is None or "unscored" not in comment.decision.get("reasons", []):
        return "skipped"
    if comment.decision.get("rescored_at"):
        return "skipped"
    rules = conf.rules_for(comment.essay)
    try:
        scorer = load_scorer(rules.scorer)
        scores = {k: float(v) for k, v in scorer.score(comment.body).items()}
    except Exception:
        logger.exception("re-scoring comment %s failed", comment_id)
        scores = None
    attrs = [a for a in rules.score_attributes if scores and a in scores]
    top = max((scores[a] for a in attrs), default=0.0) if scores else 0.0
    hold = scores is None or top >= rules.hold_threshold
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment_id)
        if locked.decision.get("rescored_at"):
            return "skipped"
        decision = dict(locked.decision)
        decision["rescored_at"] = timezone.now().isoformat()
        if scores is not None:
            decision["scores"] = scores
        changes: dict[str, Any] = {"decision": decision}
        outcome = "kept"
        if hold and locked.status == Comment.Status.PUBLISHED and locked.deleted_at is None:
            code = "rescored_hold" if scores is not None else "scorer_unavailable"
            decision["reasons"] = [*decision.get("reasons", []), code]
            decision["outcome"] = "hold"
            changes["status"] = Comment.Status.HELD
            outcome = "held" if scores is not None else "held_unscorable"
        Comment.objects.filter(pk=comment_id).update(**changes)
        bump_thread(locked.essay_id)
        if "status" in changes:
            page_version.bump(locked.essay_id)  # the page shows published comments (issue 12)
    return outcome


def normalised_equal(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _pending_nudge(*, author: User, token: str) -> Nudge | None:
    if not token:
        return None
    try:
        return Nudge.objects.filter(
            token=token, author=author, outcome=Nudge.Outcome.PENDING
        ).first()
    except (ValueError, ValidationError):  # a malformed token from the form
        return None


def _resolve_nudge(
    nudge: Nudge, outcome: str, moment: datetime, comment: Comment | None = None
) -> None:
    Nudge.objects.filter(pk=nudge.pk, outcome=Nudge.Outcome.PENDING).update(
        outcome=outcome, resolved_at=moment, comment=comment
    )


def abandon_stale_nudges(*, now: datetime | None = None) -> int:
    """Nudges nobody came back to within the window count as abandoned."""
    moment = now or timezone.now()
    cutoff = moment - timedelta(seconds=conf.site_value("NUDGE_ABANDONED_AFTER_SECONDS"))
    return Nudge.objects.filter(outcome=Nudge.Outcome.PENDING, created_at__lt=cutoff).update(
        outcome=Nudge.Outcome.ABANDONED, resolved_at=moment
    )


def can_edit(person: Any, comment: Comment, *, now: datetime | None = None) -> bool:
    moment = now or timezone.now()
    window = timedelta(seconds=conf.site_value("EDIT_WINDOW_SECONDS"))
    return (
        getattr(person, "pk", None) == comment.author_id
        and comment.status in (Comment.Status.PUBLISHED, Comment.Status.HELD)
        and comment.deleted_at is None
        and moment - comment.created_at <= window
    )


@transaction.atomic
def edit_comment(
    *, person: User, comment: Comment, body: str, now: datetime | None = None
) -> Comment:
    """Edit within the window; the old text goes to the history and the new text is checked
    again (an edit could turn a kind comment into an attack)."""
    moment = now or timezone.now()
    require_readable(person=person, comment=comment)
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if not can_edit(person, locked, now=moment):
        raise PermissionDenied("Comments can be edited by their writer for 10 minutes.")
    text = _clean_text(body)
    if normalised_equal(text, locked.body):
        return locked
    decision = pipeline.run(
        _submission(
            author=person,
            essay=locked.essay,
            text=text,
            parent=locked.parent,
            now=moment,
            is_edit=True,
            exclude=locked.pk,
        ),
        only=("length", "words", "links", "score"),
    )
    if decision.outcome == Outcome.REJECT:
        deciding = decision.deciding
        raise CommentRefused(
            deciding.message if deciding else "Edit refused.",
            code=deciding.code if deciding else "refused",
        )
    CommentRevision.objects.create(comment=locked, body=locked.body, replaced_at=moment)
    locked.body = text
    locked.body_html = render_comment(text)
    locked.edited_at = moment
    if decision.outcome in (Outcome.HOLD, Outcome.NUDGE):
        locked.status = Comment.Status.HELD
    locked.decision = {**locked.decision, "edit": decision.as_dict()}
    locked.save(update_fields=["body", "body_html", "edited_at", "status", "decision"])
    return locked


@transaction.atomic
def delete_own_comment(*, person: User, comment: Comment, now: datetime | None = None) -> Comment:
    """Soft delete. A published comment becomes a tombstone "deleted by its author" that keeps
    the replies in place. A held or rejected one is withdrawn: `deleted_at` is set and its
    status stays, because a rejection counts whatever its writer does later (the trust rule,
    the desk's history) and nobody was shown it, so there is no tombstone to leave (issue 14)."""
    # Listed, not readable: deleting a tombstone again is a harmless double click.
    require_readable(person=person, comment=comment, listed=True)
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.author_id != person.pk:
        raise PermissionDenied("Only its writer can delete a comment.")
    if locked.deleted_at is not None or locked.status == Comment.Status.DELETED:
        return locked
    locked.deleted_at = now or timezone.now()
    if locked.status == Comment.Status.PUBLISHED:
        locked.status = Comment.Status.DELETED
    locked.save(update_fields=["status", "deleted_at"])
    transaction.on_commit(lambda: events.reaction_changed(comment_id=locked.pk))
    return locked


def _recount_thoughtful(comment_id: int) -> int:
    Comment.objects.filter(pk=comment_id).update(
        thoughtful_count=Coalesce(
            Subquery(
                Reaction.objects.filter(comment_id=OuterRef("pk"))
                .values("comment_id")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        )
    )
    return Comment.objects.values_list("thoughtful_count", flat=True).get(pk=comment_id)


@transaction.atomic
def toggle_thoughtful(*, person: User, comment: Comment) -> tuple[bool, int]:
    """React "Thoughtful", or undo it. Returns (reacted now, new count)."""
    permissions.require(permissions.can_comment(person), "Sign in to react.")
    require_readable(person=person, comment=comment)
    if comment.author_id == person.pk:
        raise PermissionDenied("You can't react to your own comment.")
    if comment.status != Comment.Status.PUBLISHED:
        raise PermissionDenied("Only published comments take reactions.")
    deleted, _ = Reaction.objects.filter(comment=comment, person=person).delete()
    reacted = False
    if not deleted:
        try:
            with transaction.atomic():
                Reaction.objects.create(comment=comment, person=person)
            reacted = True
        except IntegrityError:  # a double click raced us; the reaction exists
            reacted = True
    count = _recount_thoughtful(comment.pk)
    transaction.on_commit(lambda: events.reaction_changed(comment_id=comment.pk))
    return reacted, count


@transaction.atomic
def report_comment(*, reporter: User, comment: Comment, reason: str, text: str = "") -> Report:
    permissions.require(permissions.can_comment(reporter), "Sign in to report.")
    require_readable(person=reporter, comment=comment)
    if comment.author_id == reporter.pk:
        raise ValidationError("You can't report your own comment.", code="own")
    if reason not in Report.Reason.values:
        raise ValidationError("Choose a reason for the report.", code="reason")
    text = text.strip()
    if reason == Report.Reason.OTHER and not text:
        raise ValidationError("Tell us briefly what is wrong.", code="text_required")
    try:
        with transaction.atomic():
            return Report.objects.create(
                comment=comment, reporter=reporter, reason=reason, text=text[:500]
            )
    except IntegrityError:
        raise ValidationError("You have already reported this comment.", code="duplicate") from None


@transaction.atomic
def set_featured(*, person: User, comment: Comment, featured: bool) -> Comment:
    permissions.require(permissions.can_feature_comments(person))
    require_readable(person=person, comment=comment)
    if featured and comment.status != Comment.Status.PUBLISHED:
        raise ValidationError("Only published comments can be featured.", code="not_published")
    comment.featured_at = timezone.now() if featured else None
    comment.featured_by = person if featured else None
    comment.save(update_fields=["featured_at", "featured_by"])
    return comment
