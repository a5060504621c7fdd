"""Every change to a person happens here (sign-up, confirmation, roles, profile, and issue 11's
whole account: addresses, passwords, sessions, export and deletion)."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thoughtful.people import addresses, hooks, usernames
from thoughtful.people.confirmation import (
    AWAITING_CONFIRMATION,
    address_in_use,
    awaiting_person,
)
from thoughtful.people.models import AccountEvent, User
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
    if usernames.username_taken(username):
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


# --- Issue 11: the whole account ------------------------------------------------------------

INVALID_LINK = "This link is invalid or has expired."
WRONG_PASSWORD = "That isn't your current password."  # noqa: S105 (a message, not a secret)


def _event(person: User, kind: str, **detail: Any) -> None:
    AccountEvent.objects.create(person=person, kind=kind, detail=detail)


def _check_password(person: User, password: str) -> None:
    if not person.check_password(password):
        raise ValidationError({"password": WRONG_PASSWORD}, code="wrong_password")


@transaction.atomic
def request_email_change(*, person: User, new_email: str, password: str) -> None:
    """Ask to move the account to `new_email` (issue 11).

    The link goes to the new address and a notice to the current one. Whether the new address
    already has an account is never said on the page (the same answer, the same work): its
    owner gets a notice instead of a link, and nothing changes.
    """
    _check_password(person, password)
    new_email = User.objects.normalize_email(new_email).strip().lower()
    if new_email == person.email.lower():
        raise ValidationError({"email": "That is already your address."}, code="same_address")
    _event(person, AccountEvent.Kind.EMAIL_CHANGE_REQUESTED, domain=new_email.partition("@")[2])
    if address_in_use(new_email, excluding=person.pk):
        _after_commit("send_address_in_use_notice", new_email)
        return
    person.pending_email = new_email
    person.save(update_fields=["pending_email"])
    _after_commit("send_address_confirmation", person.pk)
    if person.email and person.email_verified_at is not None:
        _after_commit("send_email_change_notice", person.pk, new_email)


def request_verification(*, person: User) -> bool:
    """Send a link that proves an account's never-verified address. False when there is
    nothing to prove (already verified, or a change is pending and has its own link)."""
    if person.email_verified_at is not None or person.pending_email or not person.email:
        return False
    _after_commit("send_address_confirmation", person.pk)
    return True


@transaction.atomic
def confirm_address(*, uidb64: str, token: str) -> User:
    """Follow the link: the pending address becomes the account's, verified; or an old,
    unverified address becomes verified. Reply emails and digests then start (issue 11)."""
    found = addresses.person_for_link(uidb64, token)
    if found is None:
        raise ValidationError(INVALID_LINK, code="invalid_link")
    person = User.objects.select_for_update().get(pk=found.pk)
    if not addresses.tokens.check_token(person, token):  # used a moment ago by a second click
        raise ValidationError(INVALID_LINK, code="invalid_link")
    fields = ["email_verified_at"]
    if person.pending_email:
        if address_in_use(person.pending_email, excluding=person.pk):
            raise ValidationError(
                "This address now belongs to another account; your address is unchanged.",
                code="address_in_use",
            )
        person.email, person.pending_email = person.pending_email, ""
        fields += ["email", "pending_email"]
    person.email_verified_at = timezone.now()
    person.save(update_fields=fields)
    _event(person, AccountEvent.Kind.ADDRESS_CONFIRMED, domain=person.email.partition("@")[2])
    return person


@transaction.atomic
def change_password(*, person: User, new_password: str) -> User:
    """Set a new password (validated by Django's PasswordChangeForm before this). Every other
    session ends because the session hash covers the password hash; the view keeps its own
    with update_session_auth_hash."""
    person.set_password(new_password)
    person.save(update_fields=["password"])
    _event(person, AccountEvent.Kind.PASSWORD_CHANGED)
    return person


@transaction.atomic
def sign_out_everywhere(*, person: User) -> None:
    """End every session of this account, this one included: the session hash covers
    `session_token`, so each signed-in browser fails its next check."""
    person.session_token = secrets.token_hex(16)
    person.save(update_fields=["session_token"])
    _event(person, AccountEvent.Kind.SIGNED_OUT_EVERYWHERE)


def export_data(*, person: User) -> dict[str, Any]:
    """Everything this person gave the site, as JSON-ready data (issue 11). Other apps add
    their sections (people.hooks); no section holds another person's private data."""
    from thoughtful.people.export import profile_section

    data: dict[str, Any] = {
        "format": "thoughtful-account-export/1",
        "exported_at": timezone.now().isoformat(),
        "profile": profile_section(person),
    }
    for name, section in sorted(hooks.export_sections().items()):
        data[name] = section(person)
    _event(person, AccountEvent.Kind.EXPORTED)
    return data


def deletion_policy() -> str:
    policy = str(getattr(settings, "ACCOUNT_DELETION_COMMENTS", "anonymise"))
    return policy if policy in ("anonymise", "remove") else "anonymise"


@transaction.atomic
def delete_account(*, person: User, password: str) -> User:
    """Delete the account (issue 11), confirmed with the password.

    The row stays, because comments, sanctions, appeals and the append-only moderation log
    point at it, but nothing personal is left on it: the name becomes "deleted account", the
    username `deleted-<id>` (the old one stays reserved, as a hash), the address, password,
    profile and sessions go. Other apps' steps (people.hooks) first deal with comments by
    ACCOUNT_DELETION_COMMENTS, drop reactions and recount the scores.
    """
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.deleted_at is not None:
        raise ValidationError("This account is already deleted.", code="deleted")
    _check_password(person, password)
    for step in hooks.deletion_steps():
        step(person)
    usernames.reserve(person.username)
    if person.avatar:
        person.avatar.delete(save=False)
    person.username = usernames.deleted_username(person)
    person.first_name = person.last_name = person.display_name = person.bio = ""
    person.email = person.pending_email = ""
    person.avatar = ""
    person.set_unusable_password()
    person.session_token = secrets.token_hex(16)
    person.is_active = False
    person.notify_replies = person.daily_digest = False
    person.deleted_at = timezone.now()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    # The event says when; it names no one (the row it points at is nameless now).
    _event(person, AccountEvent.Kind.DELETED, comments=deletion_policy())
    return person
