"""Reads for the moderator desk: queues, comment cards, the dashboard, the transparency page.

Every queue page is a keyset (cursor) query with a LIMIT, and a card's extra facts (reports,
the commenter's history, sanctions, standing) come in one query each for the whole page, so a
page costs the same number of queries however long the queue is.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Greatest, Least, TruncDate
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from thoughtful.discussion import conf as discussion_conf
from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.discussion.models import Comment, Nudge, Report
from thoughtful.moderation import conf
from thoughtful.moderation.models import Appeal, LogEntry, PileOnAlert, Sanction
from thoughtful.moderation.reasons import pipeline_label, reason_label
from thoughtful.people.models import User
from thoughtful.security import json as untrusted_json
from thoughtful.standing.selectors import scores_for

QUEUES: dict[str, str] = {
    "held": "Held",
    "reported": "Reported",
    "alerts": "Pile-on alerts",
    "approved": "Recently approved",
    "unscored": "Published unscored",
    "imported": "Imported",
    "rejected": "Rejected",
}
COMMENT_QUEUES = ("held", "reported", "approved", "unscored", "imported", "rejected")
SORTS = {"priority": "Priority", "time": "Newest first"}
NUDGE_EDIT_ANCHOR = 0.34  # OpenWeb and Jigsaw, 2020: 34% of warned writers edit


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    essay: str = ""  # slug
    reason: str = ""  # a pipeline reason code
    commenter: str = ""  # username
    sort: str = "priority"

    @classmethod
    def from_query(cls, data: Any) -> Filters:
        reason = str(data.get("reason", "")).strip()
        sort = str(data.get("sort", "priority"))
        return cls(
            essay=str(data.get("essay", "")).strip()[:200],
            reason=reason if re.fullmatch(r"[a-z_]{1,40}", reason) else "",
            commenter=str(data.get("commenter", "")).strip()[:150],
            sort=sort if sort in SORTS else "priority",
        )

    def as_query(self) -> dict[str, str]:
        return {
            k: v for k, v in self.__dict__.items() if v and not (k == "sort" and v == "priority")
        }


# --- queues -----------------------------------------------------------------------------------


def _base(name: str, now: datetime) -> QuerySet[Comment]:
    # Withdrawn comments (held or rejected, then deleted by their writer) wait for nothing:
    # they stay in the person's history and count there, but leave the queues.
    comments = Comment.objects.filter(deleted_at__isnull=True)
    if name == "held":
        return comments.filter(status=Comment.Status.HELD)
    if name == "reported":
        reported = Report.objects.filter(status=Report.Status.OPEN).values("comment_id")
        return comments.filter(
            pk__in=Subquery(reported),
            status__in=[Comment.Status.PUBLISHED, Comment.Status.HELD],
        )
    if name == "approved":
        since = now - timedelta(days=conf.value("RECENT_DAYS"))
        approved = LogEntry.objects.filter(
            action=LogEntry.Action.APPROVE, created_at__gte=since, comment__isnull=False
        ).values("comment_id")
        return comments.filter(pk__in=Subquery(approved), status=Comment.Status.PUBLISHED)
    if name == "rejected":
        return comments.filter(status=Comment.Status.REJECTED)
    if name == "unscored":
        # Published while the scorer failed or was too slow, and not re-scored since (issue 12).
        return (
            comments.filter(status=Comment.Status.PUBLISHED)
            .annotate(_reasons=Cast("decision__reasons", TextField()))
            .filter(_reasons__contains='"unscored"', decision__rescored_at__isnull=True)
        )
    if name == "imported":
        # History brought in by `thoughtful import` (issue 13): published without the pipeline
        # but scored, so sorting by priority puts the worst first for a moderator to review.
        return (
            comments.filter(status=Comment.Status.PUBLISHED)
            .annotate(_reasons=Cast("decision__reasons", TextField()))
            .filter(_reasons__contains='"imported"')
        )
    raise KeyError(name)


def _filtered(qs: QuerySet[Comment], filters: Filters) -> QuerySet[Comment]:
    if filters.essay:
        qs = qs.filter(essay__slug=filters.essay)
    if filters.commenter:
        qs = qs.filter(author__username=filters.commenter)
    if filters.reason:
        # Portable "JSON array contains": the array's text holds the quoted code.
        qs = qs.annotate(_reasons=Cast("decision__reasons", TextField())).filter(
            _reasons__contains=f'"{filters.reason}"'
        )
    return qs


def _priority(qs: QuerySet[Comment], now: datetime) -> QuerySet[Comment]:
    """Priority: the highest score (×1000), open reports (×150 each), and how hot the essay is
    (its comments in the last hour, ×5, capped at 50)."""
    attrs = list(discussion_conf.site_value("SCORE_ATTRIBUTES")) or ["toxicity"]
    parts = [
        Coalesce(Cast(KT(f"decision__scores__{attr}"), FloatField()), Value(0.0)) for attr in attrs
    ]
    top = Greatest(*parts) if len(parts) > 1 else parts[0]
    reports = Coalesce(
        Subquery(
            Report.objects.filter(comment_id=OuterRef("pk"), status=Report.Status.OPEN)
            .values("comment_id")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    since = now - timedelta(minutes=conf.value("HOT_WINDOW_MINUTES"))
    hot = Coalesce(
        Subquery(
            Comment.objects.filter(essay_id=OuterRef("essay_id"), created_at__gte=since)
            .values("essay_id")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return qs.annotate(
        top_score=top,
        open_reports=reports,
        essay_heat=hot,
        priority=Cast(top * 1000, IntegerField()) + reports * 150 + Least(hot, Value(50)) * 5,
    )


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


BROKEN_CURSOR = "That page link is broken; showing the start of the queue."
MAX_CURSOR_CHARS = 200  # the server's own cursors are under 80
MAX_ID = 2**63 - 1  # ids and priorities are 64-bit integers in both databases


def _cursor_int(value: Any) -> int:
    # bool is an int to Python; floats and 30-digit numbers would reach the query (issue 14).
    if isinstance(value, bool) or not isinstance(value, int) or not -MAX_ID <= value <= MAX_ID:
        raise BadCursor(BROKEN_CURSOR)
    return value


def _decode(cursor: str, *, sort: str) -> tuple[int, int] | tuple[datetime, int]:
    """The [priority, id] or [created_at, id] the server wrote, checked for shape and types:
    a cursor arrives in the URL, so anyone can hand-craft one."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise BadCursor(BROKEN_CURSOR)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = untrusted_json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise BadCursor(BROKEN_CURSOR) from exc
    if not isinstance(values, list) or len(values) != 2:
        raise BadCursor(BROKEN_CURSOR)
    key, pk = values
    if _cursor_int(pk) < 0:
        raise BadCursor(BROKEN_CURSOR)
    if sort == "priority":
        return _cursor_int(key), pk
    if not isinstance(key, str) or len(key) > 40:
        raise BadCursor(BROKEN_CURSOR)
    try:
        at = datetime.fromisoformat(key)
    except ValueError as exc:
        raise BadCursor(BROKEN_CURSOR) from exc
    if timezone.is_naive(at):  # we write aware times; a naive one is hand-made
        raise BadCursor(BROKEN_CURSOR)
    return at, pk


@dataclass
class Card:
    comment: Comment
    highlighted: SafeString
    scores: list[tuple[str, float]]
    reasons: list[tuple[str, str]]
    reports: list[Report]
    author_score: int
    author_published: int
    author_rejected: int
    account_age_days: int
    sanctions: list[Sanction]
    last_decision: LogEntry | None
    open_reports: int = 0
    essay_heat: int = 0


@dataclass
class QueuePage:
    name: str
    cards: list[Card]
    next_cursor: str | None
    filters: Filters
    alerts: list[PileOnAlert] = field(default_factory=list)


def queue_page(
    name: str,
    *,
    filters: Filters | None = None,
    cursor: str | None = None,
    now: datetime | None = None,
    page_size: int | None = None,
) -> QueuePage:
    moment = now or timezone.now()
    filters = filters or Filters()
    size = page_size or int(conf.value("PAGE_SIZE"))
    if name == "alerts":
        return QueuePage(
            name=name, cards=[], next_cursor=None, filters=filters, alerts=open_alerts(limit=size)
        )
    qs: QuerySet[Any] = _priority(_filtered(_base(name, moment), filters), moment)
    if filters.sort == "priority":
        qs = qs.order_by("-priority", "-id")
        if cursor:
            p, pk = _decode(cursor, sort="priority")
            qs = qs.filter(Q(priority__lt=p) | Q(priority=p, id__lt=pk))
    else:
        qs = qs.order_by("-created_at", "-id")
        if cursor:
            at, pk = _decode(cursor, sort="time")
            qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=pk))
    rows = list(qs.select_related("essay", "author", "parent__author")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = _encode(
            [last.priority, last.pk]
            if filters.sort == "priority"
            else [last.created_at.isoformat(), last.pk]
        )
    return QueuePage(
        name=name, cards=cards_for(rows, now=moment), next_cursor=next_cursor, filters=filters
    )


def queue_counts(*, now: datetime | None = None) -> dict[str, int]:
    """Bounded counts: a queue of 50,000 shows as the cap, cheaply."""
    moment = now or timezone.now()
    cap = int(conf.value("COUNT_CAP"))
    counts = {name: _base(name, moment)[:cap].count() for name in COMMENT_QUEUES}
    counts["alerts"] = PileOnAlert.objects.filter(status=PileOnAlert.Status.OPEN)[:cap].count()
    counts["appeals"] = Appeal.objects.filter(status=Appeal.Status.PENDING)[:cap].count()
    return counts


def open_alerts(*, limit: int = 50) -> list[PileOnAlert]:
    return list(
        PileOnAlert.objects.filter(status=PileOnAlert.Status.OPEN)
        .select_related("essay", "comment__author")
        .order_by("-strength", "-created_at", "-id")[:limit]
    )


# --- cards ------------------------------------------------------------------------------------

# Letters swapped in to dodge word filters (as discussion's words check undoes them).
_LEET_CLASS = {"o": "[o0]", "i": "[i1!]", "e": "[e3]", "a": "[a4@]", "s": "[s5$]", "t": "[t7]"}


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = []
    for word in phrase.split():
        words.append("".join(_LEET_CLASS.get(ch, re.escape(ch)) for ch in word.casefold()))
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(words) + r"(?!\w)", re.IGNORECASE)


def matched_phrases(decision: dict[str, Any]) -> list[str]:
    phrases: list[str] = []
    for record in (decision, decision.get("edit") or {}):
        for verdict in record.get("verdicts", []) or []:
            phrases.extend(str(p) for p in (verdict.get("detail") or {}).get("matched", []) or [])
    return [p for p in dict.fromkeys(phrases) if p.strip()]


def highlight(text: str, phrases: list[str]) -> SafeString:
    """Escape the text, then wrap each matched phrase in <mark>. Matching runs on the raw text
    and every piece is escaped on its own, so a phrase can never inject markup."""
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        spans.extend(m.span() for m in _phrase_pattern(phrase).finditer(text))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    at = 0
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece above is escaped)


def cards_for(comments: list[Comment], *, now: datetime | None = None) -> list[Card]:
    moment = now or timezone.now()
    if not comments:
        return []
    ids = [c.pk for c in comments]
    author_ids = list({c.author_id for c in comments})
    reports: dict[int, list[Report]] = {}
    for report in (
        Report.objects.filter(comment_id__in=ids).select_related("reporter").order_by("created_at")
    ):
        reports.setdefault(report.comment_id, []).append(report)
    history = {
        row["author_id"]: row
        for row in Comment.objects.filter(author_id__in=author_ids)
        .values("author_id")
        .annotate(
            published=Count("id", filter=Q(status=Comment.Status.PUBLISHED)),
            rejected=Count("id", filter=Q(status=Comment.Status.REJECTED)),
        )
    }
    sanctions: dict[int, list[Sanction]] = {}
    for record in Sanction.objects.filter(person_id__in=author_ids).order_by("-starts_at")[:500]:
        sanctions.setdefault(record.person_id, []).append(record)
    decisions: dict[int, LogEntry] = {}
    for entry in LogEntry.objects.filter(
        comment_id__in=ids, action__in=[LogEntry.Action.APPROVE, LogEntry.Action.REJECT]
    ).select_related("actor"):
        decisions.setdefault(entry.comment_id or 0, entry)  # newest first (Meta.ordering)
    standing = scores_for(author_ids)
    cards = []
    for comment in comments:
        decision = comment.decision or {}
        scores = sorted(
            ((k, float(v)) for k, v in (decision.get("scores") or {}).items()),
            key=lambda kv: -kv[1],
        )
        seen: dict[str, Any] = dict(history.get(comment.author_id) or {})
        cards.append(
            Card(
                comment=comment,
                highlighted=highlight(comment.body, matched_phrases(decision)),
                scores=scores,
                reasons=[(code, pipeline_label(code)) for code in decision.get("reasons", [])],
                reports=reports.get(comment.pk, []),
                author_score=standing.get(comment.author_id, 0),
                author_published=seen.get("published", 0),
                author_rejected=seen.get("rejected", 0),
                account_age_days=max(0, (moment - comment.author.date_joined).days),
                sanctions=sanctions.get(comment.author_id, []),
                last_decision=decisions.get(comment.pk),
                open_reports=getattr(comment, "open_reports", 0),
                essay_heat=getattr(comment, "essay_heat", 0),
            )
        )
    return cards


# --- people, appeals, the log -----------------------------------------------------------------


@dataclass
class PersonHistory:
    person: User
    score: int
    published: int
    rejected: int
    held: int
    sanctions: list[Sanction]
    log: list[LogEntry]
    recent: list[Comment]


def person_history(person: User) -> PersonHistory:
    counts = Comment.objects.filter(author=person).aggregate(
        published=Count("id", filter=Q(status=Comment.Status.PUBLISHED)),
        rejected=Count("id", filter=Q(status=Comment.Status.REJECTED)),
        # Rejections count whatever the writer did later; withdrawn held ones wait for nothing.
        held=Count("id", filter=Q(status=Comment.Status.HELD, deleted_at__isnull=True)),
    )
    return PersonHistory(
        person=person,
        score=scores_for([person.pk]).get(person.pk, 0),
        published=counts["published"],
        rejected=counts["rejected"],
        held=counts["held"],
        sanctions=list(
            Sanction.objects.filter(person=person)
            .select_related("issued_by", "lifted_by")
            .prefetch_related("appeal")
        ),
        log=list(LogEntry.objects.filter(person=person).select_related("actor", "comment")[:50]),
        recent=list(
            Comment.objects.filter(author=person)
            .select_related("essay")
            .order_by("-created_at")[:20]
        ),
    )


def pending_appeals(*, limit: int = 100) -> list[Appeal]:
    return list(
        Appeal.objects.filter(status=Appeal.Status.PENDING)
        .select_related("sanction__person", "sanction__issued_by")
        .order_by("created_at", "id")[:limit]
    )


def recent_appeals(*, limit: int = 20) -> list[Appeal]:
    return list(
        Appeal.objects.exclude(status=Appeal.Status.PENDING)
        .select_related("sanction__person", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )


def log_page(
    *, before: int | None = None, action: str = "", limit: int = 50
) -> tuple[list[LogEntry], int | None]:
    qs = LogEntry.objects.select_related("actor", "person", "comment__essay").order_by("-id")
    if action in LogEntry.Action.values:
        qs = qs.filter(action=action)
    if before:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def sanctions_of(person: User) -> list[Sanction]:
    return list(
        Sanction.objects.filter(person=person)
        .select_related("issued_by")
        .prefetch_related("appeal")
        .order_by("-starts_at", "-id")
    )


# --- the dashboard ------------------------------------------------------------------------------


@dataclass
class Dashboard:
    counts: dict[str, int]
    median_decision: timedelta | None
    decisions_counted: int
    nudges: dict[str, int]
    nudge_edit_share: float | None
    scorer_holds_approved: int
    scorer_holds_rejected: int
    anchor: float = NUDGE_EDIT_ANCHOR

    @property
    def scorer_agreement(self) -> float | None:
        total = self.scorer_holds_approved + self.scorer_holds_rejected
        return self.scorer_holds_rejected / total if total else None


def dashboard(*, now: datetime | None = None, days: int = 30) -> Dashboard:
    moment = now or timezone.now()
    since = moment - timedelta(days=days)
    decided = LogEntry.objects.filter(
        action__in=[LogEntry.Action.APPROVE, LogEntry.Action.REJECT],
        actor__isnull=False,
        comment__isnull=False,
        created_at__gte=since,
    )
    pairs = list(decided.order_by("-id").values_list("created_at", "comment__created_at")[:2000])
    waits = [(done - posted).total_seconds() for done, posted in pairs if posted and done >= posted]
    median = timedelta(seconds=statistics.median(waits)) if waits else None
    nudges = discussion_selectors.nudge_outcome_counts()
    resolved = sum(n for k, n in nudges.items() if k != Nudge.Outcome.PENDING)
    edit_share = nudges.get(Nudge.Outcome.EDITED, 0) / resolved if resolved else None
    # Holds the scorer made (reason score_hold), and what moderators then did with them.
    held_by_scorer = (
        decided.annotate(_reasons=Cast("evidence__reasons", TextField()))
        .filter(_reasons__contains='"score_hold"')
        .values("action")
        .annotate(n=Count("id"))
    )
    by_action = {row["action"]: row["n"] for row in held_by_scorer}
    return Dashboard(
        counts=queue_counts(now=moment),
        median_decision=median,
        decisions_counted=len(waits),
        nudges=nudges,
        nudge_edit_share=edit_share,
        scorer_holds_approved=by_action.get(LogEntry.Action.APPROVE, 0),
        scorer_holds_rejected=by_action.get(LogEntry.Action.REJECT, 0),
    )


# --- the public transparency page ---------------------------------------------------------------


@dataclass
class Transparency:
    days: list[date]
    reasons: list[tuple[str, str]]
    table: dict[date, dict[str, int]]
    totals: dict[str, int]
    sanctions: dict[str, int]


def transparency(*, now: datetime | None = None, days: int = 30) -> Transparency:
    """Removals per reason per day, with no names: counts only."""
    moment = now or timezone.now()
    since = moment - timedelta(days=days)
    rows = (
        LogEntry.objects.filter(action=LogEntry.Action.REJECT, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "reason_code")
        .annotate(n=Count("id"))
        .order_by("-day", "reason_code")
    )
    table: dict[date, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for row in rows:
        code = row["reason_code"] or "other"
        table.setdefault(row["day"], {})[code] = row["n"]
        totals[code] = totals.get(code, 0) + row["n"]
    sanction_rows = (
        Sanction.objects.filter(starts_at__gte=since).values("kind").annotate(n=Count("id"))
    )
    sanction_counts = {
        Sanction.Kind(row["kind"]).label: row["n"] for row in sanction_rows.order_by("kind")
    }
    codes = sorted(totals, key=lambda c: -totals[c])
    return Transparency(
        days=sorted(table, reverse=True),
        reasons=[(c, reason_label(c)) for c in codes],
        table=table,
        totals=totals,
        sanctions=sanction_counts,
    )
