"""Imported comments: stored as history, not posted (issue 13).

They skip the posting pipeline (no nudge, no holds, no rate limit, no emails, no shield
signals): they were published years ago. They are scored, so the moderator desk's "Imported"
queue lists the worst first, and they keep their dates and threading.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from thoughtful.discussion import conf
from thoughtful.discussion.models import Comment
from thoughtful.discussion.pipeline.checks import load_scorer
from thoughtful.markup import render_comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay
from thoughtful.transfer.models import SourceRef
from thoughtful.transfer.report import Report

logger = logging.getLogger(__name__)

IMPORTED_REASON = "imported"


@dataclass
class IncomingComment:
    external_id: str
    parent_id: str  # "" for a top-level comment
    author: User | None  # None while skipped (no author needed)
    created_at: datetime
    body: str  # Markdown
    skip_reason: str = ""  # why it is not imported ("spam", "pending"...), or ""


def _scores(essay: Essay, text: str) -> dict[str, float]:
    try:
        scorer = load_scorer(conf.rules_for(essay).scorer)
        return {k: round(float(v), 4) for k, v in scorer.score(text).items()}
    except Exception:  # a scorer failure must not stop an import; the desk shows it unscored
        logger.exception("scoring an imported comment failed")
        return {}


def import_comments(
    *,
    essay: Essay,
    source: str,
    site: str,
    comments: list[IncomingComment],
    report: Report,
) -> None:
    """Store the thread's comments, parents before replies. Call inside the essay's (or
    thread's) transaction. A reply whose parent was skipped hangs from the nearest imported
    ancestor (or the top level), so a spam comment never takes its replies with it."""
    by_id = {c.external_id: c for c in comments}
    known: dict[str, Comment | None] = {}
    refs = dict(
        SourceRef.objects.filter(
            source=source,
            site=site,
            kind=SourceRef.Kind.COMMENT,
            external_id__in=list(by_id),
        ).values_list("external_id", "object_id")
    )
    existing = Comment.objects.in_bulk(list(refs.values()))

    def resolve(external_id: str, trail: frozenset[str]) -> Comment | None:
        """The stored comment for this id (imported now or before), or None when skipped."""
        if external_id in known:
            return known[external_id]
        incoming = by_id.get(external_id)
        if incoming is None or external_id in trail:
            return None  # a parent that is not in the file, or a loop
        known[external_id] = None
        if external_id in refs:
            report.unchanged["comment"] += 1
            known[external_id] = existing.get(refs[external_id])
            return known[external_id]
        if incoming.skip_reason:
            report.skip("comment", external_id, incoming.skip_reason)
            return None
        parent = resolve(incoming.parent_id, trail | {external_id}) if incoming.parent_id else None
        if incoming.parent_id and parent is None:
            report.notes.append(
                f"comment {external_id}: its parent {incoming.parent_id} was not imported; "
                "it hangs from the nearest imported ancestor"
            )
            parent = _nearest_ancestor(incoming.parent_id, by_id, known, trail)
        known[external_id] = _create(essay, incoming, parent, source, site, report)
        return known[external_id]

    for comment in sorted(comments, key=lambda c: (c.created_at, c.external_id)):
        resolve(comment.external_id, frozenset())


def _nearest_ancestor(
    external_id: str,
    by_id: dict[str, IncomingComment],
    known: dict[str, Comment | None],
    trail: frozenset[str],
) -> Comment | None:
    seen = set(trail)
    current = by_id.get(external_id)
    while current is not None and current.external_id not in seen:
        seen.add(current.external_id)
        found = known.get(current.external_id)
        if found is not None:
            return found
        current = by_id.get(current.parent_id)
    return None


def _create(
    essay: Essay,
    incoming: IncomingComment,
    parent: Comment | None,
    source: str,
    site: str,
    report: Report,
) -> Comment:
    assert incoming.author is not None
    body = incoming.body.strip()
    decision: dict[str, Any] = {
        "outcome": "publish",
        "reasons": [IMPORTED_REASON],
        "verdicts": [],
        "scores": _scores(essay, body),
        "imported": {"source": source, "id": incoming.external_id},
    }
    comment = Comment(
        essay=essay,
        author=incoming.author,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=(parent.depth + 1) if parent else 0,
        body=body,
        body_html=render_comment(body),
        status=Comment.Status.PUBLISHED,
        decision=decision,
        created_at=incoming.created_at,
    )
    # bulk_create sends no post_save, so the page-cache signal (web.invalidation) does not bump
    # the essay's page once per comment: settle() bumps each changed essay once, at the end.
    Comment.objects.bulk_create([comment])
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    SourceRef.objects.create(
        source=source,
        site=site,
        kind=SourceRef.Kind.COMMENT,
        external_id=incoming.external_id,
        object_id=comment.pk,
    )
    report.created["comment"] += 1
    report.essay_ids.add(essay.pk)
    report.person_ids.add(incoming.author.pk)
    return comment


def settle(report: Report) -> None:
    """After the import: contribution scores (which comments keep as a sort key) and the
    caches of every thread and page it changed (issue 13: counts consistent after import)."""
    from thoughtful.discussion.versions import bump_thread
    from thoughtful.publishing import page_version
    from thoughtful.standing.actions import recompute

    with transaction.atomic():  # one commit for everyone, not one per person
        for person_id in sorted(report.person_ids):
            recompute(person_id=person_id)
    for essay_id in sorted(report.essay_ids):
        bump_thread(essay_id)
    page_version.bump(*report.essay_ids)
