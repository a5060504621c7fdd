"""The editorial workflow as a state machine: one table of transitions, one check.

    draft ─submit→ submitted ─claim_edit→ in_edit ─finish_edit→ copy_edit
      (claim_copy inside copy_edit) ─finish_copy→ social ─write_social→ ready
      ─approve→ scheduled ─publish→ published ─unpublish→ unpublished ─approve→ scheduled …
    return (with notes) from any editorial step → returned ─submit→ submitted
    archive from draft, returned, published, unpublished

Each transition names the permission rule (people.permissions) that allows it. The state is
checked before the role: a wrong state is `IllegalTransition` (HTTP 409), a wrong role is
`PermissionDenied` (HTTP 403); neither is ever a silent no-op. publishing.actions.transition
applies the effects, writes the EssayEvent and notifies after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from thoughtful.people import permissions as perms
from thoughtful.publishing.models import Essay

S = Essay.Status


class WorkflowError(Exception):
    """Base of workflow refusals that are not about permission."""


class IllegalTransition(WorkflowError):
    """The essay is not in a state this action starts from (or the step is claimed)."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: Callable[[Any, Any], bool]
    needs_note: bool = False
    # Only the system (the scheduler) may take it without a person.
    system: bool = False


EDITORIAL_STEPS = frozenset({S.SUBMITTED, S.IN_EDIT, S.COPY_EDIT, S.SOCIAL, S.READY, S.SCHEDULED})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "submit",
            "Submit for editing",
            frozenset({S.DRAFT, S.RETURNED}),
            S.SUBMITTED,
            perms.can_submit_essay,
        ),
        Transition(
            "claim_edit",
            "Claim for editing",
            frozenset({S.SUBMITTED}),
            S.IN_EDIT,
            perms.can_claim_edit,
        ),
        Transition(
            "finish_edit",
            "Edit done: send to copy edit",
            frozenset({S.IN_EDIT}),
            S.COPY_EDIT,
            perms.can_finish_edit,
        ),
        Transition(
            "claim_copy",
            "Claim for copy editing",
            frozenset({S.COPY_EDIT}),
            S.COPY_EDIT,
            perms.can_claim_copy_edit,
        ),
        Transition(
            "finish_copy",
            "Copy edit done: send to social",
            frozenset({S.COPY_EDIT}),
            S.SOCIAL,
            perms.can_finish_copy_edit,
        ),
        Transition(
            "write_social",
            "Social copy done: ready for approval",
            frozenset({S.SOCIAL}),
            S.READY,
            perms.can_write_social_copy,
        ),
        Transition(
            "approve",
            "Approve and schedule",
            frozenset({S.READY, S.UNPUBLISHED}),
            S.SCHEDULED,
            perms.can_approve_essay,
        ),
        Transition(
            "publish",
            "Publish now",
            frozenset({S.SCHEDULED}),
            S.PUBLISHED,
            perms.can_publish_essay,
            system=True,
        ),
        Transition(
            "return",
            "Return to author",
            EDITORIAL_STEPS,
            S.RETURNED,
            perms.can_return_essay,
            needs_note=True,
        ),
        Transition(
            "unpublish",
            "Unpublish",
            frozenset({S.PUBLISHED}),
            S.UNPUBLISHED,
            perms.can_unpublish_essay,
            needs_note=True,
        ),
        Transition(
            "archive",
            "Archive",
            frozenset({S.DRAFT, S.RETURNED, S.PUBLISHED, S.UNPUBLISHED}),
            S.ARCHIVED,
            perms.can_archive_essay,
        ),
    ]
}

# Steps that take an essay away from readers or from its way to them: their buttons are styled
# as destructive (issue 11).
DESTRUCTIVE = frozenset({"return", "unpublish", "archive"})

# Whose desk an essay in each state waits on (the person-facing queue names).
WAITS_ON: dict[str, str] = {
    S.DRAFT: "author",
    S.RETURNED: "author",
    S.SUBMITTED: "editor",
    S.IN_EDIT: "editor",
    S.COPY_EDIT: "copy_editor",
    S.SOCIAL: "social_editor",
    S.READY: "editor",
    S.SCHEDULED: "editor",
}


def get(action: str) -> Transition:
    try:
        return TRANSITIONS[action]
    except KeyError:
        raise IllegalTransition(f"There is no workflow action called {action!r}.") from None


def check(action: str, person: Any, essay: Essay) -> Transition:
    """Return the transition if `person` may take it now, else raise (409 or 403)."""
    t = get(action)
    if essay.status not in t.sources:
        raise IllegalTransition(
            f"Can't {t.label.lower()}: the essay is {essay.get_status_display().lower()}."
        )
    if action == "claim_copy" and essay.assignee_id is not None:
        raise IllegalTransition("This copy edit is already claimed.")
    if person is None:
        if not t.system:
            raise PermissionDenied("Only a person can take this step.")
        return t
    if not t.permission(person, essay):
        raise PermissionDenied(f"You can't {t.label.lower()} on this essay.")
    return t


def available(person: Any, essay: Essay) -> list[Transition]:
    """The transitions this person could take now (for buttons)."""
    result = []
    for t in TRANSITIONS.values():
        try:
            check(t.action, person, essay)
        except (IllegalTransition, PermissionDenied):
            continue
        result.append(t)
    return result
