from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any, Protocol

from thoughtful.discussion.conf import Rules


class Outcome(IntEnum):
    """Ordered by severity: the decision is the most severe verdict."""

    PASS = 0
    NUDGE = 1
    HOLD = 2
    REJECT = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Verdict:
    check: str
    outcome: Outcome
    code: str
    message: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    # A rejection that is about the attempt (too fast, too long, closed) is refused without
    # storing anything: the writer keeps their text in the form. A rejection about the content
    # (banned words) is stored as a rejected comment whose reason only its writer sees.
    store: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "outcome": self.outcome.label,
            "code": self.code,
            "message": self.message,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Submission:
    """Everything a check may look at. Checks read; they never write (except rate tokens)."""

    author: Any  # people.User
    essay: Any  # publishing.Essay
    text: str
    rules: Rules
    now: datetime
    parent: Any = None
    is_edit: bool = False
    exclude_comment_id: int | None = None


class Check(Protocol):
    name: str

    def __call__(self, submission: Submission) -> Verdict: ...


# Holds about who is writing rather than what they wrote. A writer in the nudge band is still
# offered the chance to rephrase first; whatever they then post is held as usual.
PROCEDURAL_HOLDS = frozenset(
    {
        "first_comment",
        "person_premoderated",
        "link_from_new_account",
        "too_many_links",
        # The shield's protection levels (issue 9): about the moment, not the text.
        "slow_mode",
        "protection_newcomer",
        "protection_lockdown",
        "protection_source_held",
    }
)


# Holds for what the comment says, judged by the scorer: the writer is offered the chance to
# rephrase first, and what they post as it is is held (issue 10, "the nudge sees what it is
# for"). Word-rule holds (suspect_word) are not offered it: a moderator's list is not to be
# learnt by trial and error.
CONTENT_HOLDS = frozenset({"score_hold"})
NUDGE_MESSAGES = {
    "score_hold": "Before you post: this may read as hostile to others. As it stands, a "
    "moderator would read it before it appears. Would you like to rephrase it?",
}


def offers_nudge(verdict: Verdict) -> bool:
    return verdict.outcome == Outcome.NUDGE or (
        verdict.outcome == Outcome.HOLD and verdict.code in CONTENT_HOLDS
    )


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    verdicts: tuple[Verdict, ...]
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def deciding(self) -> Verdict | None:
        """The first verdict with the decision's outcome: its message is what the writer sees."""
        for verdict in self.verdicts:
            if verdict.outcome == self.outcome and self.outcome != Outcome.PASS:
                return verdict
        return None

    @property
    def nudging(self) -> Verdict | None:
        """The verdict that offers the writer a chance to rephrase, if any."""
        return next((v for v in self.verdicts if offers_nudge(v)), None)

    @property
    def offers_nudge(self) -> bool:
        if self.nudging is None:
            return False
        holds = [v for v in self.verdicts if v.outcome == Outcome.HOLD]
        return self.outcome == Outcome.NUDGE or (
            self.outcome == Outcome.HOLD
            and all(v.code in PROCEDURAL_HOLDS | CONTENT_HOLDS for v in holds)
        )

    @property
    def nudge_message(self) -> str:
        verdict = self.nudging
        if verdict is None:
            return ""
        return NUDGE_MESSAGES.get(verdict.code, verdict.message)

    @property
    def reasons(self) -> list[str]:
        # A pass with a code of its own ("unscored") is a reason too: moderators filter on it.
        return [v.code for v in self.verdicts if v.outcome != Outcome.PASS or v.code != "ok"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.label,
            "reasons": self.reasons,
            "verdicts": [v.as_dict() for v in self.verdicts],
            "scores": self.scores,
        }
