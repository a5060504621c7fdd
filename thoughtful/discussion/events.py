"""Extension points that run after a discussion change commits.

Higher floors (standing, later moderation and the shield) register listeners here, so that
`discussion` never imports them: the dependency points downward only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Listener = Callable[[int], None]
_comment_posted: list[Listener] = []
_reaction_changed: list[Listener] = []


def on_comment_posted(listener: Listener) -> Listener:
    _comment_posted.append(listener)
    return listener


def on_reaction_changed(listener: Listener) -> Listener:
    _reaction_changed.append(listener)
    return listener


def _fire(listeners: list[Listener], comment_id: int) -> None:
    for listener in listeners:
        try:
            listener(comment_id)
        except Exception:
            # A failing side effect must never undo or block a posted comment.
            logger.exception("discussion listener %r failed for comment %s", listener, comment_id)


def comment_posted(*, comment_id: int) -> None:
    _fire(_comment_posted, comment_id)


def reaction_changed(*, comment_id: int) -> None:
    _fire(_reaction_changed, comment_id)
