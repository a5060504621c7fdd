"""Extension points for a person's whole account (issue 11).

`people` is the ground floor and imports no other app, yet exporting or deleting an account
touches comments, reactions, reports, sanctions and the contribution score. The apps that own
those register here (in their AppConfig.ready), the way discussion's `events` works:

- an export section adds a key to the JSON download (only the person's own data);
- a deletion step runs inside the deletion's transaction, before the person's row is scrubbed,
  and keeps that app's records consistent (tombstones, counts, scores).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thoughtful.people.models import User

ExportSection = Callable[["User"], Any]
DeletionStep = Callable[["User"], None]

_export_sections: dict[str, ExportSection] = {}
_deletion_steps: dict[str, tuple[int, DeletionStep]] = {}


def export_section(name: str, section: ExportSection) -> None:
    _export_sections[name] = section


def deletion_step(name: str, step: DeletionStep, *, order: int = 50) -> None:
    """Registered by name, so a second ready() replaces, never doubles. Lower `order` runs
    first: comments change before the scores that count them are recomputed."""
    _deletion_steps[name] = (order, step)


def export_sections() -> dict[str, ExportSection]:
    return dict(_export_sections)


def deletion_steps() -> list[DeletionStep]:
    return [step for _, step in sorted(_deletion_steps.values(), key=lambda pair: pair[0])]
