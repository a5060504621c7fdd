"""What an import did: counts of what it created and found already there, and every item it
skipped with the reason (issue 13: "reports what it skipped and why")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Skipped:
    kind: str  # "post", "comment", "thread", "image", "tag"...
    external_id: str
    reason: str


@dataclass
class Report:
    created: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    essay_ids: set[int] = field(default_factory=set)
    person_ids: set[int] = field(default_factory=set)
    failures: int = 0  # items rolled back because storing them failed (the command exits 1)
    # Imported people found or made in this run, by profile key and by email (saves two queries
    # per comment). Cleared when an item rolls back: its new people are gone with it.
    people: dict[str, Any] = field(default_factory=dict)

    def rolled_back(self) -> None:
        self.failures += 1
        self.people.clear()

    def skip(self, kind: str, external_id: object, reason: str) -> None:
        self.skipped.append(Skipped(kind, str(external_id), reason))

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.unchanged))
        out = [
            f"{kind}: {self.created[kind]} imported, {self.unchanged[kind]} already there"
            for kind in kinds
        ] or ["nothing imported"]
        if self.skipped:
            out.append(f"skipped {len(self.skipped)}:")
            out += [f"  {s.kind} {s.external_id}: {s.reason}" for s in self.skipped]
        out += [f"note: {note}" for note in self.notes]
        return out
