"""Extension points of the discussion app.

Higher floors (standing, moderation, the shield) register here, so `discussion` never imports
them and dependencies point downward only:
- listeners run after a change commits (posted, reacted, decided...);
- the author-score provider tells the pipeline a writer's contribution score, which comments
  keep as a sort key (Top Contributors);
- the rules provider lays an essay's protection (the shield's level) over its rules;
- the relationship provider says whether a writer has a relationship to the publication;
- the source provider names where the current visit came from (Referer, UTM), recorded with
  the comment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)

Listener = Callable[[int], None]
# Run by the task worker (discussion.tasks.comment_posted_effects), never on the request: the
# POST pays one enqueue for all of them together (issues 9 and 12).
_comment_posted: list[Listener] = []
_reaction_changed: list[Listener] = []
_author_score: list[Callable[[int], int]] = []
_comment_decided: list[Listener] = []
# Whether a writer is trusted enough to skip the new-commenter hold (moderation provides it).
_trusted: list[Callable[[int], bool]] = []
# Issue 9 (the shield): protection rules per essay, relationship, the visit's source.
_rules: list[Callable[[int], dict[str, Any] | None]] = []
_relationship: list[Callable[[int, datetime], bool]] = []
_source: list[Callable[[], dict[str, Any]]] = []
_digest_instead: list[Callable[[int, int], bool]] = []


def on_comment_posted(listener: Listener) -> Listener:
    _comment_posted.append(listener)
    return listener


def on_reaction_changed(listener: Listener) -> Listener:
    _reaction_changed.append(listener)
    return listener


def on_comment_decided(listener: Listener) -> Listener:
    """A moderator approved or rejected a comment (the shield and others may listen)."""
    _comment_decided.append(listener)
    return listener


def provide_trust(provider: Callable[[int], bool]) -> None:
    _trusted[:] = [provider]


def is_trusted(person_id: int) -> bool:
    if not _trusted:
        return False
    try:
        return bool(_trusted[0](person_id))
    except Exception:
        logger.exception("trust provider failed for person %s", person_id)
        return False


def provide_rules(provider: Callable[[int], dict[str, Any] | None]) -> None:
    """provider(essay_id) -> changes to the essay's Rules (field name -> value), or None."""
    _rules[:] = [provider]


def protection_rules(essay_id: int) -> dict[str, Any]:
    if not _rules:
        return {}
    try:
        return dict(_rules[0](essay_id) or {})
    except Exception:
        # A failing shield must never stop people commenting: the essay's own rules stand.
        logger.exception("rules provider failed for essay %s", essay_id)
        return {}


def provide_relationship(provider: Callable[[int, datetime], bool]) -> None:
    _relationship[:] = [provider]


def has_relationship(person_id: int, at: datetime) -> bool:
    """Without a provider everyone has one (nothing is held for lacking it)."""
    if not _relationship:
        return True
    try:
        return bool(_relationship[0](person_id, at))
    except Exception:
        logger.exception("relationship provider failed for person %s", person_id)
        return True


def provide_source(provider: Callable[[], dict[str, Any]]) -> None:
    _source[:] = [provider]


def current_source() -> dict[str, Any]:
    if not _source:
        return {}
    try:
        return dict(_source[0]() or {})
    except Exception:
        logger.exception("source provider failed")
        return {}


def provide_digest_instead(provider: Callable[[int, int], bool]) -> None:
    """provider(essay_id, recipient_id): True when the recipient gets a digest instead of one
    email per comment (the essay's author during a pile-on)."""
    _digest_instead[:] = [provider]


def digest_instead(essay_id: int, recipient_id: int) -> bool:
    if not _digest_instead:
        return False
    try:
        return bool(_digest_instead[0](essay_id, recipient_id))
    except Exception:
        logger.exception("digest provider failed for essay %s", essay_id)
        return False


def provide_author_score(provider: Callable[[int], int]) -> None:
    _author_score[:] = [provider]


def author_score(person_id: int) -> int:
    if not _author_score:
        return 0
    try:
        return int(_author_score[0](person_id))
    except Exception:
        logger.exception("author score provider failed for person %s", person_id)
        return 0


def _fire(listeners: list[Listener], comment_id: int) -> None:
    for listener in listeners:
        try:
            listener(comment_id)
        except Exception:
            # A failing side effect must never undo or block a posted comment.
            logger.exception("discussion listener %r failed for comment %s", listener, comment_id)


def comment_posted(*, comment_id: int) -> None:
    """Run the listeners now (the task worker does, through announce_comment_posted)."""
    _fire(_comment_posted, comment_id)


def announce_comment_posted(*, comment_id: int) -> None:
    """After commit: one task per comment runs every listener in the worker (issue 12: the
    post enqueues one task, and the listeners' work stays off the request)."""
    from thoughtful.discussion.tasks import comment_posted_effects

    comment_posted_effects.enqueue(comment_id)


def reaction_changed(*, comment_id: int) -> None:
    _fire(_reaction_changed, comment_id)


def comment_decided(*, comment_id: int) -> None:
    _fire(_comment_decided, comment_id)
