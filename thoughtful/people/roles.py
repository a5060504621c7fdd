"""Staff roles are Django groups, so admins can grant them without code.

The names are the ones printed in an essay's credits block and on the desks.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONTRIBUTOR = "Contributor"
    EDITOR = "Editor"
    COPY_EDITOR = "Copy Editor"
    SOCIAL_EDITOR = "Social Editor"
    MODERATOR = "Moderator"


ALL_ROLES: tuple[Role, ...] = tuple(Role)
