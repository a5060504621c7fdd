"""Cache invalidation only (the house rule for signals): the staff-badge map is dropped when a
person or a group membership changes, however it changed (admin, actions, shell)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from thoughtful.people.models import User
from thoughtful.people.staff import forget_badges

# Badges read only these fields; a sign-in saves last_login alone and changes no badge.
_BADGE_FIELDS = {"is_superuser", "is_active"}


@receiver(post_save, sender=User, dispatch_uid="people.badges.user_saved")
def _user_saved(update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    if update_fields is None or _BADGE_FIELDS & set(update_fields):
        forget_badges()


@receiver(post_delete, sender=User, dispatch_uid="people.badges.user_deleted")
def _user_deleted(**kwargs: Any) -> None:
    forget_badges()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="people.badges.groups_changed")
def _groups_changed(**kwargs: Any) -> None:
    forget_badges()
