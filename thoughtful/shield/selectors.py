"""Reads: an essay's effective level and the rules it lays over the discussion.

The posting path asks `rules_changes` once per comment: one cache get (the state is cached on
every change), a database read only on a miss. Nothing here writes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.cache import cache

from thoughtful.shield import clock, conf
from thoughtful.shield.models import EssayProtection, Level, LevelChange

_STATE_SECONDS = 300


def enabled() -> bool:
    return bool(conf.value("ENABLED"))


def state_key(essay_id: int) -> str:
    return f"shield:state:{essay_id}"


def snapshot(state: EssayProtection | None) -> dict[str, Any]:
    if state is None:
        return {"level": "open"}
    return {
        "level": state.level,
        "pinned": state.pinned_level,
        "author": state.author_level,
        "aw_until": state.author_wide_until.timestamp() if state.author_wide_until else None,
        "held": list(state.held_sources or []),
        "overrides": dict(state.overrides or {}),
    }


def cached_snapshot(essay_id: int) -> dict[str, Any]:
    key = state_key(essay_id)
    snap = cache.get(key)
    if snap is None:
        snap = snapshot(EssayProtection.objects.filter(essay_id=essay_id).first())
        cache.set(key, snap, timeout=_STATE_SECONDS)
    return dict(snap)


def effective_from_snapshot(snap: dict[str, Any], *, now: datetime | None = None) -> str:
    if snap.get("pinned"):
        return str(snap["pinned"])
    level = conf.rank(str(snap.get("level", "open")))
    level = max(level, conf.rank(str(snap.get("author") or "open")))
    until = snap.get("aw_until")
    if until and until > (now or clock.now()).timestamp():
        level = max(level, conf.rank(Level.WATCH))
    return conf.LEVELS[level]


def effective_level(state: EssayProtection | None, *, now: datetime | None = None) -> str:
    return effective_from_snapshot(snapshot(state), now=now)


def level_of(essay_id: int, *, now: datetime | None = None) -> str:
    return effective_from_snapshot(cached_snapshot(essay_id), now=now)


def rules_changes(essay_id: int) -> dict[str, Any] | None:
    """events.protection_rules: what the essay's level changes for writers (issue 9)."""
    if not enabled():
        return None
    snap = cached_snapshot(essay_id)
    level = effective_from_snapshot(snap)
    held = snap.get("held") or []
    if level in (Level.OPEN, Level.WATCH) and not held:
        return {"shield_level": level} if level == Level.WATCH else None
    settings = conf.for_essay(snap.get("overrides"))
    changes: dict[str, Any] = {"shield_level": level, "held_sources": list(held)}
    if conf.rank(level) >= conf.rank(Level.SHIELD):
        changes.update(
            hold_without_relationship=True,
            slow_mode_seconds=int(settings["SLOW_MODE_SECONDS"]),
            nudge_widen=float(settings["NUDGE_WIDEN"]),
        )
    if level == Level.LOCKDOWN:
        changes.update(
            direct_post_min_score=int(settings["LOCKDOWN_MIN_SCORE"]),
            shield_notice=str(settings["LOCKDOWN_NOTICE"]),
        )
    return changes


def timeline(essay_id: int, *, limit: int = 50) -> list[LevelChange]:
    return list(LevelChange.objects.filter(essay_id=essay_id).order_by("-at", "-id")[:limit])[::-1]


def digest_instead(essay_id: int, recipient_id: int) -> bool:
    """events.digest_instead: the essay's author gets a digest while it is at Shield or above."""
    from thoughtful.publishing.models import Essay

    if conf.rank(level_of(essay_id)) < conf.rank(Level.SHIELD):
        return False
    return Essay.objects.filter(pk=essay_id, author_id=recipient_id).exists()


def _walk(comments: list[Any]) -> list[Any]:
    found: list[Any] = []
    for comment in comments:
        found.append(comment)
        found.extend(_walk(list(getattr(comment, "shown_replies", []) or [])))
    return found


def discussion_view(
    *, essay: Any, viewer_id: int | None, comments: list[Any], show: str = ""
) -> dict[str, Any]:
    """What the shield changes on an essay's page (issue 9).

    Readers, at Shield and above: published comments from people without a relationship to
    the publication are collapsed ("N comments from new accounts are collapsed — show").
    The essay's author (the calm view): hostile comments are folded away and a digest line
    counts what waits for moderators, unless they open the folded ones (show=folded).
    Marks each affected comment with `shield_folded` and returns the banner's numbers.
    """
    from thoughtful.discussion.models import Comment
    from thoughtful.shield.models import Signal

    level = level_of(essay.pk)
    is_author = viewer_id is not None and viewer_id == essay.author_id
    collapse = conf.rank(level) >= conf.rank(Level.SHIELD) and not is_author
    view: dict[str, Any] = {"level": level, "is_author": is_author, "folded": 0}
    if not collapse and not is_author:
        return view
    signals = Signal.objects.filter(essay_id=essay.pk, comment__status=Comment.Status.PUBLISHED)
    if collapse:
        fold = signals.filter(newcomer=True)
        view["kind"] = "new accounts"
    else:
        fold = signals.filter(hostile=True)
        view["kind"] = "hostile"
        held = Comment.objects.filter(essay=essay, status=Comment.Status.HELD, deleted_at=None)
        view["held"] = held.count()
        view["calm"] = signals.filter(hostile=False).count() or (
            Comment.objects.filter(essay=essay, status=Comment.Status.PUBLISHED).count()
            - fold.count()
        )
    view["folded"] = fold.count()
    view["open"] = show == "folded"
    if view["folded"] and not view["open"]:
        ids = set(fold.values_list("comment_id", flat=True))
        for comment in _walk(comments):
            if comment.pk in ids and comment.author_id != viewer_id:
                comment.shield_folded = True
    return view
