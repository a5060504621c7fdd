"""Revisions: readable diffs and the pruning policy.

Pruning policy (run daily by the periodic runner, `publishing.prune_revisions`):
  * every revision from the last KEEP_ALL_DAYS (30) days is kept;
  * older than that, the newest revision of each calendar day is kept;
  * at most MAX_PER_ESSAY (200) revisions per essay, newest first;
  * an essay's newest revision is never pruned.
So the table grows with the number of editing days, not with the number of saves.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from thoughtful.publishing.models import EssayRevision

KEEP_ALL_DAYS = 30
MAX_PER_ESSAY = 200


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    changed: bool
    lines: list[DiffLine]


def _lines(text: str) -> list[str]:
    # Paragraph-sized lines read better than wrapped ones for prose.
    return [line for line in text.replace("\r\n", "\n").split("\n")]


def diff_text(old: str, new: str) -> list[DiffLine]:
    """Line diff as plain data; the template escapes the text (no raw HTML ever reaches it)."""
    result: list[DiffLine] = []
    a, b = _lines(old), _lines(new)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            result.extend(DiffLine("same", line) for line in a[i1:i2])
        else:
            result.extend(DiffLine("removed", line) for line in a[i1:i2])
            result.extend(DiffLine("added", line) for line in b[j1:j2])
    return result


def diff(old: EssayRevision, new: EssayRevision) -> list[FieldDiff]:
    return [
        FieldDiff(
            name,
            getattr(old, name) != getattr(new, name),
            diff_text(getattr(old, name), getattr(new, name)),
        )
        for name in ("title", "standfirst", "body")
    ]


def to_prune(revisions: list[EssayRevision], *, now: datetime) -> list[int]:
    """Ids to delete from one essay's revisions under the policy above."""
    ordered = sorted(revisions, key=lambda r: (r.created_at, r.pk), reverse=True)
    cutoff = now - timedelta(days=KEEP_ALL_DAYS)
    keep: list[EssayRevision] = []
    days_seen: set[object] = set()
    for i, rev in enumerate(ordered):
        if i == 0 or rev.created_at >= cutoff:
            keep.append(rev)
            continue
        day = timezone.localtime(rev.created_at).date()
        if day not in days_seen:
            days_seen.add(day)
            keep.append(rev)
    kept_ids = {r.pk for r in keep[:MAX_PER_ESSAY]}
    return [r.pk for r in ordered if r.pk not in kept_ids]
