"""Reads for the discussion: a page of a big thread at a fixed, small number of queries.

The first page costs the same at 10,000 comments as at 100: top-level comments come by keyset
(cursor) pagination over an index that matches each sort, and replies for just those comments
come in one windowed query (the first few per parent), never the whole thread.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from thoughtful.discussion import conf
from thoughtful.discussion.models import MAX_DISPLAY_DEPTH, Comment, Nudge, Reaction
from thoughtful.discussion.versions import cached_for_thread
from thoughtful.publishing.models import Essay

# sort name -> (label, ordering fields; "-" means descending). id breaks every tie.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "top": ("Top Contributors", ("-author_score", "-created_at", "-id")),
    "latest": ("Latest", ("-created_at", "-id")),
    "oldest": ("Oldest", ("created_at", "id")),
    "thoughtful": ("Most thoughtful", ("-thoughtful_count", "-created_at", "-id")),
}
DEFAULT_SORT = "top"


class BadCursor(ValueError):
    pass


def _encode_cursor(comment: Comment, fields: tuple[str, ...]) -> str:
    values = []
    for name in fields:
        value = getattr(comment, name.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, fields: tuple[str, ...]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadCursor("That page link is broken; start again from the first page.") from exc
    if not isinstance(values, list) or len(values) != len(fields):
        raise BadCursor("That page link is broken; start again from the first page.")
    decoded: list[Any] = []
    for name, value in zip(fields, values, strict=True):
        bare = name.lstrip("-")
        try:
            if bare == "created_at":
                decoded.append(datetime.fromisoformat(value))
            else:
                decoded.append(int(value))
        except (TypeError, ValueError) as exc:
            raise BadCursor("That page link is broken; start again from the first page.") from exc
    return decoded


def _after(fields: tuple[str, ...], values: list[Any]) -> Q:
    """Rows strictly after `values` in the given ordering (keyset pagination)."""
    condition = Q()
    for i, name in enumerate(fields):
        bare = name.lstrip("-")
        op = "lt" if name.startswith("-") else "gt"
        step = Q(**{f"{bare}__{op}": values[i]})
        for prev_name, prev_value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{prev_name.lstrip("-"): prev_value})
        condition |= step
    return condition


@dataclass
class ThreadPage:
    comments: list[Comment]
    sort: str
    next_cursor: str | None
    featured: list[Comment] = field(default_factory=list)
    reacted_ids: set[int] = field(default_factory=set)
    total: int = 0
    latest_id: int = 0


def _replies_for(root_ids: list[int], viewer_id: int | None, per_parent: int) -> list[Comment]:
    """The first `per_parent` replies of each parent, for displayed depths, in one query."""
    if not root_ids:
        return []
    ranked = (
        Comment.objects.visible_to(viewer_id)
        .filter(root_id__in=root_ids, depth__lte=MAX_DISPLAY_DEPTH)
        .select_related("author")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("parent_id")], order_by=[F("created_at"), F("id")]
            )
        )
        .filter(rank__lte=per_parent)
        .order_by("depth", "created_at", "id")
    )
    return list(ranked)


def _attach(top: list[Comment], replies: list[Comment]) -> None:
    by_id: dict[int, Comment] = {c.pk: c for c in top}
    for comment in [*top, *replies]:
        comment.shown_replies = []  # type: ignore[attr-defined]
    for reply in replies:
        parent = by_id.get(reply.parent_id or 0)
        if parent is None:
            continue  # its parent is beyond the first few replies: reached via the thread view
        parent.shown_replies.append(reply)  # type: ignore[attr-defined]
        by_id[reply.pk] = reply


def thread_page(
    essay: Essay,
    *,
    viewer_id: int | None,
    sort: str = DEFAULT_SORT,
    cursor: str | None = None,
    page_size: int | None = None,
) -> ThreadPage:
    sort = sort if sort in SORTS else DEFAULT_SORT
    fields = SORTS[sort][1]
    size = page_size or int(conf.site_value("PAGE_SIZE"))
    query = (
        Comment.objects.visible_to(viewer_id)
        .filter(essay=essay, depth=0)
        .select_related("author")
        .order_by(*fields)
    )
    if cursor:
        query = query.filter(_after(fields, _decode_cursor(cursor, fields)))
    rows = list(query[: size + 1])
    top, more = rows[:size], len(rows) > size
    replies = _replies_for(
        [c.pk for c in top], viewer_id, int(conf.site_value("REPLIES_PER_COMMENT"))
    )
    _attach(top, replies)
    shown_ids = [c.pk for c in top] + [r.pk for r in replies]
    featured = [] if cursor else featured_comments(essay)
    reacted: set[int] = set()
    if viewer_id:
        reacted = set(
            Reaction.objects.filter(
                person_id=viewer_id, comment_id__in=shown_ids + [c.pk for c in featured]
            ).values_list("comment_id", flat=True)
        )
    return ThreadPage(
        comments=top,
        sort=sort,
        next_cursor=_encode_cursor(top[-1], fields) if more and top else None,
        featured=featured,
        reacted_ids=reacted,
    )


def thread_of(comment: Comment, *, viewer_id: int | None, limit: int = 200) -> Comment:
    """A comment with its replies to any depth (the "continue this thread" view), bounded."""
    root_id = comment.root_id or comment.pk
    descendants = list(
        Comment.objects.visible_to(viewer_id)
        .filter(root_id=root_id, depth__gt=comment.depth)
        .select_related("author")
        .order_by("depth", "created_at", "id")[:limit]
    )
    by_id: dict[int, Comment] = {comment.pk: comment}
    comment.shown_replies = []  # type: ignore[attr-defined]
    for reply in descendants:
        reply.shown_replies = []  # type: ignore[attr-defined]
        parent = by_id.get(reply.parent_id or 0)
        if parent is not None:
            parent.shown_replies.append(reply)  # type: ignore[attr-defined]
            by_id[reply.pk] = reply
    return comment


def reacted_by(person_id: int, comment_ids: list[int]) -> set[int]:
    return set(
        Reaction.objects.filter(person_id=person_id, comment_id__in=comment_ids).values_list(
            "comment_id", flat=True
        )
    )


def featured_comments(essay: Essay, *, limit: int = 3) -> list[Comment]:
    return list(
        Comment.objects.public()
        .filter(essay=essay, featured_at__isnull=False)
        .select_related("author")
        .order_by("-featured_at")[:limit]
    )


def comment_count(essay: Essay) -> int:
    # The one query that grew with the thread: counted once per version of the thread.
    return cached_for_thread(
        essay.pk, "count", lambda: Comment.objects.public().filter(essay=essay).count()
    )


def latest_comment_id(essay: Essay) -> int:
    return cached_for_thread(
        essay.pk,
        "latest",
        lambda: (
            Comment.objects.public()
            .filter(essay=essay)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0
        ),
    )


def new_since(essay: Essay, since_id: int, *, cap: int = 500) -> int:
    return Comment.objects.public().filter(essay=essay, id__gt=since_id)[:cap].count()


def nudge_outcome_counts() -> dict[str, int]:
    """For moderators: how writers answered the nudge (34% edit is the published anchor)."""
    counts = dict.fromkeys(Nudge.Outcome.values, 0)
    for row in Nudge.objects.values("outcome").annotate(n=Count("id")):
        counts[row["outcome"]] = row["n"]
    return counts
