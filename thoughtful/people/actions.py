"""Every change to a person happens here (sign-up, roles, profile)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from thoughtful.people.models import User
from thoughtful.people.roles import Role


@transaction.atomic
def sign_up(*, username: str, email: str, password: str, display_name: str = "") -> User:
    user = User.objects.create_user(
        username=username, email=email, password=password, display_name=display_name
    )
    return user


def grant_role(*, user: User, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if hasattr(user, "_role_cache"):
        del user._role_cache


def update_profile(
    *,
    user: User,
    display_name: str,
    bio: str,
    notify_replies: bool | None = None,
    daily_digest: bool | None = None,
) -> User:
    user.display_name = display_name.strip()
    user.bio = bio.strip()
    fields = ["display_name", "bio"]
    if notify_replies is not None:
        user.notify_replies = notify_replies
        fields.append("notify_replies")
    if daily_digest is not None:
        user.daily_digest = daily_digest
        fields.append("daily_digest")
    user.save(update_fields=fields)
    return user
