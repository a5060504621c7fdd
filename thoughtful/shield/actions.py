"""Every change the shield makes happens here (issue 9).

observe_comment (in the worker, after a comment commits) → one Signal row → evaluate the
essay's windows against the rules → level change with its evidence (LevelChange, append-only)
→ a pile-on alert per escalation, the author's other essays to Watch when one reaches Shield.
The calm sweep runs every minute: sustained calm lowers a level one step at a time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thoughtful.discussion import conf as discussion_conf
from thoughtful.discussion.models import Comment
from thoughtful.people import permissions
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay
from thoughtful.shield import clock, conf, metrics, neardup, relationship, selectors
from thoughtful.shield.models import EssayProtection, Level, LevelChange, Signal

logger = logging.getLogger(__name__)


def _cache_state(state: EssayProtection) -> None:
    cache.set(selectors.state_key(state.essay_id), selectors.snapshot(state), timeout=300)


def _locked_state(essay_id: int) -> EssayProtection:
    try:
        with transaction.atomic():
            EssayProtection.objects.get_or_create(essay_id=essay_id)
    except IntegrityError:  # created by a concurrent worker
        pass
    return EssayProtection.objects.select_for_update().get(essay_id=essay_id)


# --- signals ----------------------------------------------------------------------------------


def _is_hostile(comment: Comment, threshold: float) -> bool:
    scores = (comment.decision or {}).get("scores") or {}
    attributes = discussion_conf.site_value("SCORE_ATTRIBUTES")
    return any(float(scores.get(a, 0) or 0) >= threshold for a in attributes)


def _is_follower(comment: Comment, at: datetime) -> bool:
    """Comments on two or more of one author's essays within 24 hours, new to that author."""
    author_id = comment.essay.author_id
    if author_id is None or comment.author_id == author_id:
        return False
    earlier = Comment.objects.filter(
        author_id=comment.author_id, essay__author_id=author_id, created_at__lt=at
    ).exclude(pk=comment.pk)
    if earlier.filter(created_at__lt=at - timedelta(hours=24)).exists():
        return False  # a regular reader of this author, not a newcomer following them
    return earlier.exclude(essay_id=comment.essay_id).exists()


def _duplicate_root(
    *, essay_id: int, person_id: int, at: datetime, signature: list[int], threshold: float
) -> int | None:
    if not signature:
        return None
    since = at - timedelta(minutes=30)
    candidates = (
        Signal.objects.filter(essay_id=essay_id, at__gt=since, at__lte=at)
        .exclude(person_id=person_id)
        .exclude(minhash=[])
        .order_by("at", "id")
        .values_list("id", "duplicate_of_id", "minhash")[:1000]
    )
    for signal_id, root, other in candidates:
        if neardup.similarity(signature, other) >= threshold:
            return int(root or signal_id)
    return None


def observe_comment(*, comment_id: int) -> Signal | None:
    """Note what one comment says about its essay's discussion, then evaluate the essay."""
    if not selectors.enabled():
        return None
    comment = Comment.objects.select_related("author", "essay").filter(pk=comment_id).first()
    if comment is None or Signal.objects.filter(comment_id=comment_id).exists():
        return None
    state = EssayProtection.objects.filter(essay_id=comment.essay_id).first()
    settings = conf.for_essay(state.overrides if state else None)
    at = comment.created_at
    visit = (comment.decision or {}).get("source") or {}
    person = comment.author
    known = relationship.facts(
        person=person, at=at, reads=list(visit.get("reads") or []), essay_slug=comment.essay.slug
    )
    landing = str(visit.get("landing", ""))
    signed_up_here = bool(
        at - person.date_joined <= timedelta(minutes=int(settings["SIGNUP_RECENT_MINUTES"]))
        and landing
        and landing.rstrip("/") == comment.essay.get_absolute_url().rstrip("/")
    )
    signature = neardup.signature(comment.body, min_words=int(settings["NEAR_DUPLICATE_MIN_WORDS"]))
    own_essay = comment.author_id == comment.essay.author_id
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                comment=comment,
                essay_id=comment.essay_id,
                essay_author_id=comment.essay.author_id,
                person=person,
                at=at,
                hostile=_is_hostile(comment, float(settings["HOSTILE_SCORE"])),
                newcomer=not known["relationship"] and not own_essay,
                signed_up_here=signed_up_here,
                # Regular readers often read two essays by one author in a day; a brigade
                # following the author is people with no relationship doing it.
                follower=not known["relationship"] and not own_essay and _is_follower(comment, at),
                source=str(visit.get("key", ""))[:200],
                minhash=signature,
                duplicate_of_id=_duplicate_root(
                    essay_id=comment.essay_id,
                    person_id=person.pk,
                    at=at,
                    signature=signature,
                    threshold=float(settings["NEAR_DUPLICATE_SIMILARITY"]),
                ),
            )
    except IntegrityError:  # observed twice at once (approve after hold): once is enough
        return None
    evaluate(essay_id=comment.essay_id, now=at)
    return signal


# --- levels -----------------------------------------------------------------------------------


def _summary(level: str, names: list[str], m: dict[str, Any]) -> str:
    return (
        f"{level.capitalize()}: {', '.join(names) or 'signals'} — "
        f"{m.get('comments_5', 0)} comments in 5 min ({m.get('rate_ratio_5', 0)}× baseline), "
        f"{round(100 * float(m.get('hostile_share_5', 0)))}% hostile, "
        f"{round(100 * float(m.get('newcomer_share_5', 0)))}% from new accounts"
    )


def _record_change(
    *,
    state: EssayProtection,
    before: str,
    after: str,
    cause: str,
    now: datetime,
    evidence: dict[str, Any] | None = None,
    actor: User | None = None,
) -> LevelChange:
    return LevelChange.objects.create(
        essay_id=state.essay_id,
        from_level=before,
        to_level=after,
        cause=cause,
        actor=actor,
        evidence=evidence or {},
        at=now,
    )


def evaluate(*, essay_id: int, now: datetime | None = None) -> str:
    """Move the essay's automatic level by the rules; returns its effective level."""
    moment = now or clock.now()
    alert_args: dict[str, Any] | None = None
    touched: list[EssayProtection] = []
    with transaction.atomic():
        state = _locked_state(essay_id)
        settings = conf.for_essay(state.overrides)
        m = metrics.compute(essay_id, moment, floor=float(settings["BASELINE_FLOOR_PER_MINUTE"]))
        target, names = metrics.fired(m, settings["RULES"])
        before = selectors.effective_level(state, now=moment)
        current = state.level
        cause = LevelChange.Cause.SIGNALS
        if conf.rank(target) > conf.rank(current):
            state.level, state.since, state.calm_since = target, moment, None
        elif conf.rank(target) == conf.rank(current):
            state.calm_since = None
        elif state.calm_since is None:
            state.calm_since = moment
        elif moment - state.calm_since >= timedelta(minutes=int(settings["CALM_MINUTES"])):
            state.level = conf.LEVELS[conf.rank(current) - 1]
            state.since = moment
            # Still calmer than the new level? The next step needs its own full calm period.
            state.calm_since = moment if conf.rank(target) < conf.rank(state.level) else None
            cause = LevelChange.Cause.CALM
        state.save()
        after = selectors.effective_level(state, now=moment)
        if after != before or state.level != current:
            evidence = metrics.evidence(m)
            evidence.update(rules=names, automatic_level=state.level, target=target)
            _record_change(
                state=state, before=before, after=after, cause=cause, now=moment, evidence=evidence
            )
            if conf.rank(after) > conf.rank(before):
                author_wide: list[str] = []
                if conf.rank(after) >= conf.rank(Level.SHIELD) > conf.rank(before):
                    touched = _author_wide(state=state, now=moment, settings=settings)
                    author_wide = [t.essay.slug for t in touched]
                alert_args = {
                    "level": after,
                    "before": before,
                    "names": names,
                    "evidence": evidence,
                    "author_wide": author_wide,
                }
    # Cached once the change is saved: the next POST reads the new level from the cache.
    _cache_state(state)
    for other in touched:
        _cache_state(other)
    if alert_args is not None:
        _raise_alert(essay_id=essay_id, now=moment, **alert_args)
    return after


def _author_wide(
    *, state: EssayProtection, now: datetime, settings: dict[str, Any]
) -> list[EssayProtection]:
    """One essay at Shield: the author's other essays go to at least Watch for a while."""
    essay = Essay.objects.only("author_id").get(pk=state.essay_id)
    until = now + timedelta(hours=int(settings["AUTHOR_WIDE_HOURS"]))
    others = Essay.objects.published().filter(author_id=essay.author_id).exclude(pk=essay.pk)
    touched: list[EssayProtection] = []
    for other in others.only("pk", "slug")[:200]:
        other_state = _locked_state(other.pk)
        before = selectors.effective_level(other_state, now=now)
        other_state.author_wide_until = until
        other_state.author_wide_from_id = essay.pk
        other_state.save(update_fields=["author_wide_until", "author_wide_from", "updated_at"])
        after = selectors.effective_level(other_state, now=now)
        if after != before:
            _record_change(
                state=other_state,
                before=before,
                after=after,
                cause=LevelChange.Cause.AUTHOR_WIDE,
                now=now,
                evidence={"from_essay": essay.pk, "until": until.isoformat()},
            )
        other_state.essay = other
        touched.append(other_state)
    return touched


def _raise_alert(
    *,
    essay_id: int,
    now: datetime,
    level: str,
    before: str,
    names: list[str],
    evidence: dict[str, Any],
    author_wide: list[str],
) -> None:
    from thoughtful.moderation import actions as moderation

    timeline = [
        {"at": c.at.isoformat(), "from": c.from_level, "to": c.to_level, "cause": c.cause}
        for c in selectors.timeline(essay_id, limit=20)
    ]
    usernames = dict(
        User.objects.filter(pk__in=[a["id"] for a in evidence["accounts"]]).values_list(
            "pk", "username"
        )
    )
    detail = {
        **evidence,
        "level": level,
        "from": before,
        "accounts": [{**a, "username": usernames.get(a["id"], "")} for a in evidence["accounts"]],
        "timeline": timeline,
        "author_wide": author_wide,
        "at": now.isoformat(),
    }
    summary = _summary(level, names, evidence["metrics"])
    if author_wide:
        summary = f"{summary}; the author's {len(author_wide)} other essays are at Watch for 24 h"
    alert = moderation.raise_alert(
        essay_id=essay_id,
        signal=f"shield:{level}",
        summary=summary,
        strength=float(conf.rank(level)),
        detail=detail,
    )
    from thoughtful.shield import tasks

    try:
        tasks.email_alert.enqueue(alert.pk)
        if conf.rank(level) >= conf.rank(Level.SHIELD):
            tasks.author_digest.enqueue(essay_id)
    except Exception:  # an email must never undo an escalation
        logger.exception("could not enqueue the alert email for %s", alert.pk)


def calm_sweep(*, now: datetime | None = None) -> int:
    """Every minute: essays above Open are re-evaluated (calm lowers them one step at a time)
    and author-wide floors that ran out are lifted. Returns how many essays changed."""
    moment = now or clock.now()
    changed = 0
    for essay_id in EssayProtection.objects.exclude(level=Level.OPEN).values_list(
        "essay_id", flat=True
    ):
        before = selectors.level_of(essay_id, now=moment)
        if evaluate(essay_id=essay_id, now=moment) != before:
            changed += 1
    expired = EssayProtection.objects.filter(
        author_wide_until__isnull=False, author_wide_until__lte=moment
    ).values_list("essay_id", flat=True)
    for essay_id in list(expired):
        with transaction.atomic():
            state = _locked_state(essay_id)
            before = (
                selectors.effective_level(state, now=state.author_wide_until - timedelta(seconds=1))
                if state.author_wide_until
                else state.level
            )
            state.author_wide_until = None
            state.author_wide_from = None
            state.save(update_fields=["author_wide_until", "author_wide_from", "updated_at"])
            after = selectors.effective_level(state, now=moment)
            if after != before:
                _record_change(
                    state=state,
                    before=before,
                    after=after,
                    cause=LevelChange.Cause.EXPIRED,
                    now=moment,
                )
                changed += 1
        _cache_state(state)
    return changed


# --- people acting on a level -----------------------------------------------------------------


def _check_level(level: str) -> str:
    if level not in conf.LEVELS:
        raise ValidationError("Choose open, watch, shield or lockdown.", code="level")
    return level


def pin_level(
    *, moderator: User, essay: Essay, level: str, now: datetime | None = None
) -> EssayProtection:
    """A moderator pins a level (or unpins with level=""): it holds until unpinned."""
    permissions.require(permissions.can_moderate(moderator), "Only moderators can do that.")
    if level:
        _check_level(level)
    moment = now or clock.now()
    with transaction.atomic():
        state = _locked_state(essay.pk)
        before = selectors.effective_level(state, now=moment)
        state.pinned_level = level
        state.pinned_by = moderator if level else None
        state.save(update_fields=["pinned_level", "pinned_by", "updated_at"])
        after = selectors.effective_level(state, now=moment)
        _record_change(
            state=state,
            before=before,
            after=after,
            cause=LevelChange.Cause.PIN if level else LevelChange.Cause.UNPIN,
            now=moment,
            actor=moderator,
        )
    _cache_state(state)
    return state


def raise_level(
    *, person: User, essay: Essay, level: str, now: datetime | None = None
) -> EssayProtection:
    """The essay's author raises its level; they can never lower it."""
    _check_level(level)
    if person.pk != essay.author_id:
        raise PermissionDenied("Only the essay's author can raise its protection.")
    moment = now or clock.now()
    with transaction.atomic():
        state = _locked_state(essay.pk)
        before = selectors.effective_level(state, now=moment)
        if conf.rank(level) <= conf.rank(state.author_level or Level.OPEN) or conf.rank(
            level
        ) <= conf.rank(before):
            raise ValidationError(
                "You can raise your essay's protection, not lower it.", code="lower"
            )
        state.author_level = level
        state.save(update_fields=["author_level", "updated_at"])
        after = selectors.effective_level(state, now=moment)
        _record_change(
            state=state,
            before=before,
            after=after,
            cause=LevelChange.Cause.AUTHOR,
            now=moment,
            actor=person,
        )
    _cache_state(state)
    return state


def hold_source(*, moderator: User, essay: Essay, source_key: str) -> EssayProtection:
    """From now on, comments from this referrer or campaign on this essay are held."""
    permissions.require(permissions.can_moderate(moderator), "Only moderators can do that.")
    key = source_key.strip()[:200]
    if not key:
        raise ValidationError("Name a source.", code="source")
    with transaction.atomic():
        state = _locked_state(essay.pk)
        if key not in state.held_sources:
            state.held_sources = [*state.held_sources, key]
            state.save(update_fields=["held_sources", "updated_at"])
    _cache_state(state)
    return state


def essays_needing_author_digest() -> list[int]:
    """Essays at Shield or above: their authors' digests (sent at most once per period)."""
    return list(
        EssayProtection.objects.filter(level__in=[Level.SHIELD, Level.LOCKDOWN]).values_list(
            "essay_id", flat=True
        )
    )


def prune_signals(*, now: datetime | None = None, keep_hours: int = 48) -> int:
    moment = now or clock.now()
    deleted, _ = Signal.objects.filter(at__lt=moment - timedelta(hours=keep_hours)).delete()
    return deleted
