"""The checks of the posting pipeline. Each is small, reads only, and names its reason code."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils.module_loading import import_string

from thoughtful.discussion import events
from thoughtful.discussion.models import Comment, DiscussionSettings, WordRule
from thoughtful.discussion.pipeline import ratelimit
from thoughtful.discussion.pipeline.base import Outcome, Submission, Verdict
from thoughtful.people.models import CommentingStatus

logger = logging.getLogger(__name__)

CheckFn = Callable[[Submission], Verdict]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn

    return register


def _pass(name: str) -> Verdict:
    return Verdict(check=name, outcome=Outcome.PASS, code="ok")


@check("person_status")
def person_status(s: Submission) -> Verdict:
    status = s.author.effective_commenting_status(s.now)
    if status == CommentingStatus.BANNED:
        return Verdict(
            "person_status",
            Outcome.REJECT,
            "person_banned",
            "Your account can no longer comment.",
        )
    if status == CommentingStatus.SUSPENDED:
        until = s.author.suspended_until
        when = f" until {until:%-d %B %Y, %H:%M} UTC" if until else ""
        return Verdict(
            "person_status",
            Outcome.REJECT,
            "person_suspended",
            f"Your commenting is suspended{when}.",
        )
    if status == CommentingStatus.PREMODERATED:
        return Verdict(
            "person_status",
            Outcome.HOLD,
            "person_premoderated",
            "Your comments are reviewed by a moderator before they appear.",
        )
    return _pass("person_status")


@check("protection")
def protection(s: Submission) -> Verdict:
    level = s.rules.protection
    if level == DiscussionSettings.Protection.CLOSED:
        return Verdict(
            "protection",
            Outcome.REJECT,
            "essay_closed",
            "Comments on this essay are closed for now.",
        )
    if level == DiscussionSettings.Protection.MEMBERS:
        age = s.now - s.author.date_joined
        if age < timedelta(days=s.rules.member_min_account_days):
            return Verdict(
                "protection",
                Outcome.REJECT,
                "essay_members_only",
                "For now, only established members can comment on this essay.",
            )
    return _shield_protection(s) or _pass("protection")


def _source_key(source: dict[str, Any]) -> str:
    return str(source.get("key", "") or "")


def _shield_protection(s: Submission) -> Verdict | None:
    """The shield's levels (issue 9), read from the rules it lays over the essay's own. At Open
    and Watch nothing changes for writers; the essay's author is never held on their essay."""
    r = s.rules
    if s.is_edit or s.author.pk == getattr(s.essay, "author_id", None):
        return None
    if r.held_sources:
        key = _source_key(events.current_source())
        if key and key in r.held_sources:
            return Verdict(
                "protection",
                Outcome.HOLD,
                "protection_source_held",
                "Your comment will appear once a moderator has read it.",
                {"source": key},
            )
    if r.shield_level not in ("shield", "lockdown"):
        return None
    if r.slow_mode_seconds and not events.is_trusted(s.author.pk):
        since = s.now - timedelta(seconds=r.slow_mode_seconds)
        last = (
            Comment.objects.filter(author=s.author, essay=s.essay, created_at__gte=since)
            .exclude(status=Comment.Status.REJECTED)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is not None:
            wait = max(1, round(r.slow_mode_seconds - (s.now - last).total_seconds()))
            minutes = max(1, round(wait / 60))
            # Refused, not held: the writer keeps their text and posts it when the time is up.
            return Verdict(
                "protection",
                Outcome.REJECT,
                "slow_mode",
                f"This discussion is in slow mode: one comment every "
                f"{r.slow_mode_seconds // 60} minutes. Please post again in about {minutes} "
                f"minute{'s' if minutes != 1 else ''}; your text is kept.",
                {"retry_after": wait},
            )
    if (
        r.shield_level == "lockdown"
        and r.direct_post_min_score
        and events.author_score(s.author.pk) < r.direct_post_min_score
        and not events.is_trusted(s.author.pk)
    ):
        return Verdict(
            "protection",
            Outcome.HOLD,
            "protection_lockdown",
            r.shield_notice or "Your comment will appear once a moderator has read it.",
        )
    if r.hold_without_relationship and not events.has_relationship(s.author.pk, s.now):
        return Verdict(
            "protection",
            Outcome.HOLD,
            "protection_newcomer",
            "This discussion is busy right now, so comments from new accounts are read by a "
            "moderator before they appear.",
        )
    return None


@check("rate")
def rate(s: Submission) -> Verdict:
    allowed, wait = ratelimit.allow(
        f"comment-rate:{s.author.pk}",
        interval=s.rules.rate_interval_seconds,
        burst=s.rules.rate_burst,
        now=s.now.timestamp(),
    )
    if not allowed:
        seconds = max(1, round(wait))
        return Verdict(
            "rate",
            Outcome.REJECT,
            "rate_limited",
            f"You're commenting quickly. Please wait {seconds} second{'s' if seconds != 1 else ''}"
            " and post again; your text is kept.",
            {"retry_after": seconds},
        )
    return _pass("rate")


@check("length")
def length(s: Submission) -> Verdict:
    if not s.text.strip():
        return Verdict("length", Outcome.REJECT, "empty", "Your comment is empty.")
    if len(s.text) > s.rules.max_length:
        return Verdict(
            "length",
            Outcome.REJECT,
            "too_long",
            f"Comments can be at most {s.rules.max_length:,} characters; "
            f"yours has {len(s.text):,}.",
            {"length": len(s.text)},
        )
    return _pass("length")


def normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used for duplicates and word rules."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", folded).strip()


@check("duplicate")
def duplicate(s: Submission) -> Verdict:
    since = s.now - timedelta(seconds=s.rules.duplicate_window_seconds)
    # Whatever its writer deleted (a tombstone, or a held/rejected comment withdrawn) may be
    # posted again.
    recent = (
        Comment.objects.filter(author=s.author, created_at__gte=since)
        .exclude(status=Comment.Status.DELETED)
        .exclude(deleted_at__isnull=False)
    )
    if s.exclude_comment_id:
        recent = recent.exclude(pk=s.exclude_comment_id)
    target = normalise(s.text)
    for body in recent.values_list("body", flat=True)[:50]:
        if normalise(body) == target:
            return Verdict(
                "duplicate",
                Outcome.REJECT,
                "duplicate",
                "You posted the same comment a moment ago.",
            )
    return _pass("duplicate")


# Letters commonly swapped in to dodge word filters (sp3lling variations).
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)


def _word_rules() -> list[tuple[str, str, re.Pattern[str]]]:
    rules = cache.get("discussion:word-rules")
    if rules is None:
        rules = list(WordRule.objects.filter(is_active=True).values_list("phrase", "action"))
        cache.set("discussion:word-rules", rules, timeout=60)
    compiled = []
    for phrase, action in rules:
        words = [re.escape(w) for w in normalise(phrase).split()]
        pattern = re.compile(r"(?<!\w)" + r"[\W_]+".join(words) + r"(?!\w)")
        compiled.append((phrase, action, pattern))
    return compiled


@check("words")
def words(s: Submission) -> Verdict:
    plain = normalise(s.text)
    variants = {plain, plain.translate(_LEET)}
    matched: dict[str, list[str]] = {WordRule.Action.REJECT: [], WordRule.Action.HOLD: []}
    for phrase, action, pattern in _word_rules():
        if any(pattern.search(v) for v in variants):
            matched[action].append(phrase)
    if matched[WordRule.Action.REJECT]:
        return Verdict(
            "words",
            Outcome.REJECT,
            "banned_word",
            "Your comment uses language this magazine doesn't publish.",
            {"matched": matched[WordRule.Action.REJECT]},
            store=True,
        )
    if matched[WordRule.Action.HOLD]:
        return Verdict(
            "words",
            Outcome.HOLD,
            "suspect_word",
            "Your comment will appear once a moderator has read it.",
            {"matched": matched[WordRule.Action.HOLD]},
        )
    return _pass("words")


_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@check("links")
def links(s: Submission) -> Verdict:
    count = len(_LINK.findall(s.text))
    if count > s.rules.max_links:
        return Verdict(
            "links",
            Outcome.HOLD,
            "too_many_links",
            "Comments with many links are read by a moderator first.",
            {"links": count},
        )
    if count and s.now - s.author.date_joined < timedelta(days=s.rules.new_account_days):
        return Verdict(
            "links",
            Outcome.HOLD,
            "link_from_new_account",
            "Links from new accounts are read by a moderator first.",
            {"links": count},
        )
    return _pass("links")


_score_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="scorer")


def load_scorer(path: str) -> Any:
    factory = import_string(path)
    return factory() if callable(factory) and not hasattr(factory, "score") else factory


@check("score")
def score(s: Submission) -> Verdict:
    """The toxicity scorer, within a time budget. It failing must never lose a comment."""
    try:
        scorer = load_scorer(s.rules.scorer)
        future = _score_pool.submit(scorer.score, s.text)
        scores = {
            k: float(v) for k, v in future.result(timeout=s.rules.scorer_timeout_ms / 1000).items()
        }
    except Exception as exc:  # the scorer crashing or timing out is logged, never raised
        timed_out = isinstance(exc, FutureTimeout)
        reason = "timed out" if timed_out else f"failed: {exc!r}"
        logger.error("toxicity scorer %s; comment by person %s", reason, s.author.pk)
        policy = s.rules.scorer_failure
        if policy == "publish" or (policy == "rescore" and timed_out and not s.is_edit):
            # Published without a score, marked so moderators can filter it; under "rescore"
            # a task scores it without the time budget and holds it if it must (issue 12: a
            # busy machine should not hold everyone's comments).
            return Verdict(
                "score",
                Outcome.PASS,
                "unscored",
                "",
                {"error": reason, "rescore": policy == "rescore"},
            )
        return Verdict(
            "score",
            Outcome.HOLD,
            "scorer_unavailable",
            "Your comment will appear once a moderator has read it.",
            {"error": reason},
        )
    attrs = [a for a in s.rules.score_attributes if a in scores]
    top_attr = max(attrs, key=lambda a: scores[a]) if attrs else None
    top = scores[top_attr] if top_attr else 0.0
    detail = {"scores": scores, "top": top_attr, "value": round(top, 4)}
    if top >= s.rules.hold_threshold:
        return Verdict(
            "score",
            Outcome.HOLD,
            "score_hold",
            "Your comment will appear once a moderator has read it.",
            detail,
        )
    if top >= s.rules.nudge_threshold:
        return Verdict(
            "score",
            Outcome.NUDGE,
            "score_nudge",
            "Before you post: this may read as hostile to others. Would you like to rephrase it?",
            detail,
        )
    return Verdict("score", Outcome.PASS, "ok", detail=detail)


@check("new_commenter")
def new_commenter(s: Submission) -> Verdict:
    needed = s.rules.hold_first_comments
    if needed <= 0 or s.is_edit:
        return _pass("new_commenter")
    if events.is_trusted(s.author.pk):  # e.g. a high contribution score (moderation decides)
        return _pass("new_commenter")
    published = Comment.objects.filter(
        author=s.author, status__in=[Comment.Status.PUBLISHED, Comment.Status.DELETED]
    )[:needed].count()
    if published < needed:
        return Verdict(
            "new_commenter",
            Outcome.HOLD,
            "first_comment",
            "Welcome! A new commenter's first comment appears once a moderator has read it.",
        )
    return _pass("new_commenter")
