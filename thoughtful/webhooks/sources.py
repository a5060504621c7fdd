"""Where events come from. No app imports webhooks: this module listens.

- A new comment: discussion's comment-posted listeners (discussion/events.py), which run in the
  worker inside the one task per comment, so the POST itself does nothing more for webhooks.
- Everything else: the append-only audit rows the house's actions already write in the same
  transaction as the change (moderation.LogEntry, discussion.Report, publishing.EssayEvent,
  shield.LevelChange). A saved row schedules, after commit, one task that builds the event in
  the worker; every path (desk, API, automatic rules, sweeps) writes its row, so none is missed,
  and a rolled-back action sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Model

from thoughtful.discussion.models import Comment, Report
from thoughtful.moderation.models import LogEntry
from thoughtful.publishing.models import EssayEvent
from thoughtful.shield.models import LevelChange
from thoughtful.webhooks import actions, events, payloads
from thoughtful.webhooks.actions import Event
from thoughtful.webhooks.models import Endpoint

logger = logging.getLogger(__name__)

_DECISIONS = {
    LogEntry.Action.APPROVE: events.COMMENT_APPROVED,
    LogEntry.Action.REJECT: events.COMMENT_REJECTED,
    LogEntry.Action.HOLD: events.COMMENT_HELD,
}
_SANCTIONS = {
    LogEntry.Action.WARN,
    LogEntry.Action.PREMODERATE,
    LogEntry.Action.SUSPEND,
    LogEntry.Action.BAN,
}


# --- comments, in the worker --------------------------------------------------------------------


def comment_event(comment_id: int) -> Event | None:
    """A new comment's event, or None when another source covers it: a rejection by the
    posting checks is logged (LogEntry, automatic) and a moderator's approval re-announces the
    comment, which its own LogEntry already reports."""
    comment = Comment.objects.select_related("essay", "author").filter(pk=comment_id).first()
    if comment is None:
        return None
    if comment.status == Comment.Status.PUBLISHED:
        if LogEntry.objects.filter(comment_id=comment_id, action=LogEntry.Action.APPROVE).exists():
            return None
        kind = events.COMMENT_POSTED
    elif comment.status == Comment.Status.HELD:
        if LogEntry.objects.filter(comment_id=comment_id).exists():
            return None
        kind = events.COMMENT_HELD
    else:
        return None
    return Event(
        type=kind,
        key=f"{kind}:{comment_id}",
        at=comment.created_at,
        build=lambda private: {"comment": payloads.comment(comment, private=private)},
    )


def comment_posted(comment_id: int) -> None:
    """discussion's comment-posted listener (runs in the worker). Without a subscriber (the
    usual case) it costs the worker one small query."""
    if not _anyone_listening({events.COMMENT_POSTED, events.COMMENT_HELD}):
        return
    event = comment_event(comment_id)
    if event is not None:
        actions.emit(event)


# --- audit rows ----------------------------------------------------------------------------------


def _log_event(pk: int) -> Event | None:
    entry = (
        LogEntry.objects.select_related(
            "comment__essay", "comment__author", "actor", "sanction__person"
        )
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        return None
    kind = _DECISIONS.get(LogEntry.Action(entry.action))
    if kind is not None and entry.comment is not None:
        return Event(
            type=kind,
            key=f"log:{pk}",
            at=entry.created_at,
            build=lambda private: payloads.decision(entry, private=private),
        )
    if entry.action in _SANCTIONS and entry.sanction is not None:
        record = entry.sanction
        return Event(
            type=events.SANCTION_ISSUED,
            key=f"log:{pk}",
            at=entry.created_at,
            build=lambda private: payloads.sanction(record, private=private),
        )
    return None


def _report_event(pk: int) -> Event | None:
    record = (
        Report.objects.select_related("comment__essay", "comment__author").filter(pk=pk).first()
    )
    if record is None:
        return None
    return Event(
        type=events.REPORT_FILED,
        key=f"report:{pk}",
        at=record.created_at,
        build=lambda private: payloads.report(record, private=private),
    )


def _essay_event(pk: int) -> Event | None:
    record = EssayEvent.objects.select_related("essay__author").filter(pk=pk).first()
    if record is None or record.action != "publish":
        return None
    return Event(
        type=events.ESSAY_PUBLISHED,
        key=f"essay-event:{pk}",
        at=record.at,
        build=lambda private: payloads.published_essay(record.essay, private=private),
    )


def _level_event(pk: int) -> Event | None:
    record = LevelChange.objects.select_related("essay").filter(pk=pk).first()
    if record is None or record.from_level == record.to_level:
        return None
    return Event(
        type=events.PROTECTION_CHANGED,
        key=f"level:{pk}",
        at=record.at,
        build=lambda private: payloads.protection(
            record.essay,
            from_level=record.from_level,
            to_level=record.to_level,
            cause=record.cause,
            private=private,
        ),
    )


# name -> (model, the events it can carry, how to build the event from a row id)
SOURCES: dict[str, tuple[type[Model], set[str], Callable[[int], Event | None]]] = {
    "moderation.logentry": (
        LogEntry,
        {*_DECISIONS.values(), events.SANCTION_ISSUED},
        _log_event,
    ),
    "discussion.report": (Report, {events.REPORT_FILED}, _report_event),
    "publishing.essayevent": (EssayEvent, {events.ESSAY_PUBLISHED}, _essay_event),
    "shield.levelchange": (LevelChange, {events.PROTECTION_CHANGED}, _level_event),
}


def emit_record(source: str, pk: int) -> list[int]:
    """The worker's half: build the event from the row and fan it out."""
    entry = SOURCES.get(source)
    if entry is None:
        return []
    event = entry[2](pk)
    return actions.emit(event) if event is not None else []


def _anyone_listening(types: set[str]) -> bool:
    return any(
        set(endpoint_events or []) & types
        for endpoint_events in Endpoint.objects.filter(active=True).values_list("events", flat=True)
    )


def _schedule(source: str, pk: int) -> None:
    """After commit: one task, only when an active endpoint subscribes to what this row can
    carry (no endpoints, the usual case, costs one small query and no task)."""
    try:
        if not _anyone_listening(SOURCES[source][1]):
            return
        from thoughtful.webhooks.tasks import emit_record as emit_task

        emit_task.enqueue(source, pk)
    except Exception:
        # A webhook must never fail a moderator's decision or a report.
        logger.exception("could not schedule webhook event for %s %s", source, pk)


def connect() -> None:
    from django.db.models.signals import post_save

    for source, (model, _types, _build) in SOURCES.items():

        def saved(
            sender: type[Model], instance: Model, created: bool, source: str = source, **kw: Any
        ) -> None:
            if created:
                pk = instance.pk
                transaction.on_commit(lambda: _schedule(source, pk))

        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"webhooks-{source}")
