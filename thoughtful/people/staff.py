"""Who counts as staff, the badges readers see next to their names, and the names they own.

Issue 14, item 10: a reader must be able to tell the real staff at a glance (badges), and nobody
else may take a name that looks like theirs (see people/names.py).

Badges are read for every comment author on a page, so they come from one small map of staff
ids, kept in the cache and dropped whenever a person or a group membership changes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q

from thoughtful.people.models import User
from thoughtful.people.roles import Role

# Roles that make a person staff: they act for the magazine (contributors write for it but
# speak for themselves, so they are not staff). Wider than permissions.STAFF_ROLES, the
# editorial desk's roles: moderators speak for the magazine too.
TEAM_ROLES: tuple[Role, ...] = (Role.EDITOR, Role.COPY_EDITOR, Role.SOCIAL_EDITOR, Role.MODERATOR)

# The badges shown next to a name, in this order. "Admin" is a superuser.
ADMIN = "Admin"
BADGE_ROLES: tuple[Role, ...] = (Role.EDITOR, Role.MODERATOR)

_CACHE_KEY = "people:staff-badges:v1"
# A safety net only: every change that matters deletes the key (see people/signals.py). With a
# per-process cache, other processes catch up within this time.
_CACHE_SECONDS = 60


def _staff_query() -> Q:
    return (
        Q(is_superuser=True) | Q(is_staff=True) | Q(groups__name__in=[r.value for r in TEAM_ROLES])
    )


def is_staff_person(person: User) -> bool:
    """Staff may use role words in their names; their own names are protected from others."""
    if not person.pk:
        return False
    return bool(person.is_active) and User.objects.filter(_staff_query(), pk=person.pk).exists()


def badge_map() -> dict[int, tuple[str, ...]]:
    """Staff ids and their badges; everyone else is absent."""
    cached: dict[int, tuple[str, ...]] | None = cache.get(_CACHE_KEY)
    if cached is not None:
        return cached
    found: dict[int, set[str]] = {}
    rows = User.objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=[r.value for r in BADGE_ROLES]), is_active=True
    ).values_list("pk", "is_superuser", "groups__name")
    for pk, superuser, group in rows:
        held = found.setdefault(pk, set())
        if superuser:
            held.add(ADMIN)
        if group in {r.value for r in BADGE_ROLES}:
            held.add(str(group))
    order = [ADMIN, *(r.value for r in BADGE_ROLES)]
    badges = {pk: tuple(b for b in order if b in held) for pk, held in found.items() if held}
    cache.set(_CACHE_KEY, badges, _CACHE_SECONDS)
    return badges


def forget_badges() -> None:
    cache.delete(_CACHE_KEY)


def protected_names(*, excluding: int | None = None) -> list[str]:
    """Display names and usernames of active staff: nobody else may look like them."""
    staff = User.objects.filter(_staff_query(), is_active=True)
    if excluding is not None:
        staff = staff.exclude(pk=excluding)
    rows = staff.values_list("username", "display_name", "first_name", "last_name").distinct()
    names: list[str] = []
    for username, display_name, first_name, last_name in rows:
        full_name = f"{first_name} {last_name}".strip()
        names.extend(n for n in (display_name, full_name, username) if n and n not in names)
    return names
