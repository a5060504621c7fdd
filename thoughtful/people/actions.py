"""Every change to a person happens here (sign-up, confirmation, roles, profile)."""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thoughtful.people.confirmation import (
    AWAITING_CONFIRMATION,
    address_in_use,
    awaiting_person,
)
from thoughtful.people.models import User
from thoughtful.people.names import clean_public_name
from thoughtful.people.roles import Role

logger = logging.getLogger(__name__)

USERNAME_TAKEN = "That username is taken."


@transaction.atomic
def sign_up(
    *, username: str, email: str, password: str, display_name: str = "", next_url: str = ""
) -> User:
    """Create an account that waits for its emailed link (issue 14, item 10a).

    Whether or not the address already has an account, the same work happens (an account is
    created, so the username is reserved and a password hashed, and one email is queued), so
    neither the answer nor its timing tells a stranger which addresses are registered. Only
    the email differs: a confirmation link for a new address, a "someone tried" notice for a
    registered one (that attempt can never be confirmed).
    """
    clean_public_name(username, field="username")
    display_name = clean_public_name(display_name, field="display_name")
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    registered = address_in_use(email)
    try:
        with transaction.atomic():
            person = User.objects.create_user(
                username=username,
                email=email,
                password=password,
                display_name=display_name,
                is_active=False,
            )
    except IntegrityError:  # the same username, created a moment ago by a concurrent sign-up
        raise ValidationError({"username": USERNAME_TAKEN}) from None
    if registered:
        _after_commit("send_sign_up_attempt_notice", person.pk)
    else:
        _after_commit("send_confirmation", person.pk, next_url)
    return person


@transaction.atomic
def confirm_email(*, uidb64: str, token: str) -> User:
    """Follow the emailed link: the account becomes usable and its address verified."""
    person = awaiting_person(uidb64, token)
    if person is None:
        raise ValidationError("This link is invalid or has expired.", code="invalid_link")
    locked = User.objects.select_for_update().filter(AWAITING_CONFIRMATION, pk=person.pk).first()
    if locked is None:  # confirmed by a second click a moment ago
        raise ValidationError("This link is invalid or has expired.", code="invalid_link")
    # Two sign-ups may wait on one address; the first confirmed wins.
    if address_in_use(locked.email, excluding=locked.pk):
        raise ValidationError(
            "This address already has an account. Sign in, or reset your password.",
            code="address_in_use",
        )
    locked.is_active = True
    locked.email_verified_at = timezone.now()
    locked.save(update_fields=["is_active", "email_verified_at"])
    return locked


def _after_commit(task_name: str, *args: object) -> None:
    def enqueue() -> None:
        from thoughtful.people import tasks

        try:
            getattr(tasks, task_name).enqueue(*args)
        except Exception:  # a lost email must not undo the sign-up; the log says which
            logger.exception("could not enqueue %s for %s", task_name, args)

    transaction.on_commit(enqueue)


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
    # The same rule as the forms: callers that skip the form cannot skip this.
    user.display_name = clean_public_name(display_name, person=user, field="display_name")
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
