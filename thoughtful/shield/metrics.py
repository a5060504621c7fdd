"""Rolling-window metrics of one essay, read from its signal rows (windows of 1, 5, 30 min).

Runs in the worker (after a comment commits) and in the calm sweep, never on a request.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache

from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.shield.conf import WINDOWS
from thoughtful.shield.models import Signal

_FIELDS = (
    "id",
    "comment_id",
    "person_id",
    "at",
    "hostile",
    "newcomer",
    "signed_up_here",
    "follower",
    "source",
    "duplicate_of_id",
)


def window_rows(essay_id: int, at: datetime, minutes: int = 30) -> list[dict[str, Any]]:
    since = at - timedelta(minutes=minutes)
    return list(
        Signal.objects.filter(essay_id=essay_id, at__gt=since, at__lte=at)
        .order_by("at", "id")
        .values(*_FIELDS)[:2000]
    )


def baselines(essay_id: int, at: datetime, floor: float) -> dict[str, float]:
    """Comments per minute over the day before the last half hour: the essay's and the site's."""
    key = f"shield:base:{essay_id}:{int(at.timestamp()) // 300}"
    found = cache.get(key)
    if found is None:
        start, end = at - timedelta(hours=24), at - timedelta(minutes=30)
        minutes = (end - start).total_seconds() / 60
        recent = Comment.objects.filter(created_at__gte=start, created_at__lt=end)
        found = {
            "essay_per_minute": round(recent.filter(essay_id=essay_id).count() / minutes, 4),
            "site_per_minute": round(recent.count() / minutes, 4),
        }
        cache.set(key, found, timeout=600)
    found["baseline_per_minute"] = max(
        float(found["essay_per_minute"]), float(found["site_per_minute"]), float(floor)
    )
    return dict(found)


def clusters(rows: list[dict[str, Any]]) -> dict[int, set[int]]:
    """Near-duplicate clusters: root signal id -> the distinct accounts in it."""
    found: dict[int, set[int]] = defaultdict(set)
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        root = r["duplicate_of_id"]
        if root is None:
            continue
        found[root].add(r["person_id"])
        if root in by_id:
            found[root].add(by_id[root]["person_id"])
    return found


def compute(essay_id: int, at: datetime, *, floor: float) -> dict[str, Any]:
    rows = window_rows(essay_id, at)
    base = baselines(essay_id, at, floor)
    m: dict[str, Any] = {**base}
    for w in WINDOWS:
        since = at - timedelta(minutes=w)
        part = [r for r in rows if r["at"] > since]
        n = len(part)
        hostile = sum(1 for r in part if r["hostile"])
        newcomers = sum(1 for r in part if r["newcomer"])
        sources = Counter(r["source"] for r in part if r["source"])
        top = sources.most_common(1)[0] if sources else ("", 0)
        dup = clusters(part)
        m[f"comments_{w}"] = n
        m[f"hostile_{w}"] = hostile
        m[f"hostile_share_{w}"] = round(hostile / n, 3) if n else 0.0
        m[f"newcomers_{w}"] = newcomers
        m[f"newcomer_share_{w}"] = round(newcomers / n, 3) if n else 0.0
        m[f"top_source_{w}"] = top[0]
        m[f"source_share_{w}"] = round(top[1] / n, 3) if n else 0.0
        m[f"followers_{w}"] = len({r["person_id"] for r in part if r["follower"]})
        m[f"signups_here_{w}"] = len({r["person_id"] for r in part if r["signed_up_here"]})
        m[f"duplicate_accounts_{w}"] = max((len(v) for v in dup.values()), default=0)
        m[f"rate_ratio_{w}"] = round((n / w) / m["baseline_per_minute"], 2)
    m["signups_per_minute_site_5"] = round(
        User.objects.filter(date_joined__gt=at - timedelta(minutes=5), date_joined__lte=at).count()
        / 5,
        2,
    )
    m["_rows"] = rows
    return m


def fired(metrics: dict[str, Any], rules: dict[str, list[dict[str, Any]]]) -> tuple[str, list[str]]:
    """The highest level with a rule whose every condition holds, and those rules' names."""
    for level in ("lockdown", "shield", "watch"):
        names = [
            str(rule.get("name", level))
            for rule in rules.get(level, [])
            if rule.get("when")
            and all(float(metrics.get(k, 0) or 0) >= float(v) for k, v in rule["when"].items())
        ]
        if names:
            return level, names
    return "open", []


def evidence(metrics: dict[str, Any], *, limit_accounts: int = 30) -> dict[str, Any]:
    """Numbers for people: the metrics, sources, accounts and near-duplicates involved."""
    rows = metrics.get("_rows", [])
    numbers = {k: v for k, v in metrics.items() if not k.startswith("_")}
    sources = Counter(r["source"] for r in rows if r["source"]).most_common(5)
    per_person = Counter(r["person_id"] for r in rows)
    newcomer_ids = {r["person_id"] for r in rows if r["newcomer"]}
    ranked = sorted(per_person, key=lambda p: (p not in newcomer_ids, -per_person[p]))
    dup = clusters(rows)
    biggest = max(dup, key=lambda root: len(dup[root]), default=None)
    dup_comments = (
        [r["comment_id"] for r in rows if r["id"] == biggest or r["duplicate_of_id"] == biggest]
        if biggest is not None
        else []
    )
    return {
        "metrics": numbers,
        "sources": [[k, n] for k, n in sources],
        "accounts": [
            {"id": p, "comments": per_person[p], "newcomer": p in newcomer_ids}
            for p in ranked[:limit_accounts]
        ],
        "new_accounts": sorted(newcomer_ids)[:200],
        "near_duplicates": dup_comments[:200],
        "comment_ids": [r["comment_id"] for r in rows][-500:],
    }
