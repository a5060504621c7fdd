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
