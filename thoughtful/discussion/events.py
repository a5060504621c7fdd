"""Extension points of the discussion app.

Higher floors (standing, moderation, the shield) register here, so `discussion` never imports
them and dependencies point downward only:
- listeners run after a change commits (posted, reacted, decided...);
- the author-score provider tells the pipeline a writer's contribution score, which comments
  keep as a sort key (Top Contributors).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Listener = Callable[[int], None]
_comment_posted: list[Listener] = []
_reaction_changed: list[Listener] = []
_author_score: list[Callable[[int], int]] = []
_comment_decided: list[Listener] = []
# Whether a writer is trusted enough to skip the new-commenter hold (moderation provides it).
_trusted: list[Callable[[int], bool]] = []


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
