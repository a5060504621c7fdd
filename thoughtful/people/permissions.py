"""Who may do what: every permission rule in one place, named after what it allows.

Views and API endpoints call these (through `require`), never `is_staff` or group names
directly, so a rule changes here once and a sweep test can enumerate them.
"""

from __future__ import annotations

from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from thoughtful.people.models import User
from thoughtful.people.roles import Role

Person = User | AnonymousUser


def _has(person: Person, *roles: Role) -> bool:
    if not person.is_authenticated or not person.is_active:
        return False
    assert isinstance(person, User)
    return person.is_superuser or any(person.has_role(role) for role in roles)


def can_moderate(person: Person) -> bool:
    """The moderator desk, comment decisions, sanctions."""
    return _has(person, Role.MODERATOR, Role.EDITOR)


def can_feature_comments(person: Person) -> bool:
    return _has(person, Role.MODERATOR, Role.EDITOR)


def can_manage_webhooks(person: Person) -> bool:
    """Register webhook endpoints, read their deliveries, resend (issue 13). The same rule as
    the admin's: superusers and whoever was given the "change endpoint" permission, because
    an endpoint can be set to receive held comments' text."""
    if not person.is_authenticated or not person.is_active:
        return False
    return bool(person.is_superuser or person.has_perm("webhooks.change_endpoint"))


def can_comment(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active)


def require(allowed: bool, message: str = "You don't have permission to do that.") -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Editorial workflow (issue 5) -----------------------------------------------------------
# Essays are described by the attributes these rules read, so `people` (the ground floor)
# imports nothing from publishing. Status values are publishing.models.Essay.Status.


class EssayLike(Protocol):
    author_id: int
    status: str
    assignee_id: int | None


STAFF_ROLES = (Role.EDITOR, Role.COPY_EDITOR, Role.SOCIAL_EDITOR)


def _is_author(person: Person, essay: EssayLike) -> bool:
    return bool(person.is_authenticated and person.is_active and person.pk == essay.author_id)


def _holds(person: Person, essay: EssayLike) -> bool:
    """The step is unclaimed or claimed by this person (superusers may take over)."""
    return essay.assignee_id in (None, person.pk) or bool(getattr(person, "is_superuser", False))


def is_editor(person: Person) -> bool:
    return _has(person, Role.EDITOR)


def is_copy_editor(person: Person) -> bool:
    return _has(person, Role.COPY_EDITOR)


def is_social_editor(person: Person) -> bool:
    return _has(person, Role.SOCIAL_EDITOR)


def can_send_newsletter(person: Person) -> bool:
    """Preview and send the weekly newsletter from the desk (issue 11)."""
    return _has(person, Role.EDITOR, Role.SOCIAL_EDITOR)


def can_use_desk(person: Person) -> bool:
    return _has(person, Role.CONTRIBUTOR, *STAFF_ROLES)


def can_write_essays(person: Person) -> bool:
    """Start a new essay: contributors, and editors (who may commission and write)."""
    return _has(person, Role.CONTRIBUTOR, Role.EDITOR)


def can_view_essay_workflow(person: Person, essay: EssayLike) -> bool:
    """The workbench, notes, history and revisions: staff and the essay's author."""
    return _is_author(person, essay) or _has(person, *STAFF_ROLES)


def can_edit_essay(person: Person, essay: EssayLike) -> bool:
    """Change title, standfirst, body, tags and image."""
    if essay.status == "archived":
        return False
    if _is_author(person, essay) and essay.status in ("draft", "returned"):
        return True
    if _has(person, Role.EDITOR):
        return True
    return essay.status == "copy_edit" and _has(person, Role.COPY_EDITOR) and _holds(person, essay)


def can_submit_essay(person: Person, essay: EssayLike) -> bool:
    return _is_author(person, essay)


def can_claim_edit(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.EDITOR)


def can_finish_edit(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.EDITOR) and _holds(person, essay)


def can_claim_copy_edit(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.COPY_EDITOR)


def can_finish_copy_edit(person: Person, essay: EssayLike) -> bool:
    # Only the copy editor who claimed it: the credit goes to whoever did the work.
    return (
        _has(person, Role.COPY_EDITOR) and essay.assignee_id is not None and _holds(person, essay)
    )


def can_write_social_copy(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.SOCIAL_EDITOR)


def can_approve_essay(person: Person, essay: EssayLike) -> bool:
    """Approve and schedule publication: Editors only (never Copy Editors or Contributors)."""
    return _has(person, Role.EDITOR)


def can_publish_essay(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.EDITOR)


def can_return_essay(person: Person, essay: EssayLike) -> bool:
    """Any editorial step can send the essay back to its author with notes."""
    if _has(person, Role.EDITOR):
        return True
    if essay.status == "copy_edit":
        return _has(person, Role.COPY_EDITOR) and _holds(person, essay)
    if essay.status == "social":
        return _has(person, Role.SOCIAL_EDITOR)
    return False


def can_unpublish_essay(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.EDITOR)


def can_archive_essay(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.EDITOR)


def can_adjust_credits(person: Person, essay: EssayLike) -> bool:
    return _has(person, Role.EDITOR)


def can_pick_essays(person: Person) -> bool:
    """Mark Editor's Picks and set due dates."""
    return _has(person, Role.EDITOR)


def can_heart(person: Person) -> bool:
    return bool(person.is_authenticated and person.is_active)
