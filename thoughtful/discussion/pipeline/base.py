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
    def offers_nudge(self) -> bool:
        if not any(v.outcome == Outcome.NUDGE for v in self.verdicts):
            return False
        holds = [v for v in self.verdicts if v.outcome == Outcome.HOLD]
        return self.outcome == Outcome.NUDGE or (
            self.outcome == Outcome.HOLD and all(v.code in PROCEDURAL_HOLDS for v in holds)
        )

    @property
    def reasons(self) -> list[str]:
        return [v.code for v in self.verdicts if v.outcome != Outcome.PASS]

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.label,
            "reasons": self.reasons,
            "verdicts": [v.as_dict() for v in self.verdicts],
            "scores": self.scores,
        }
