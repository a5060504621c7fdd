"""Whether a username may be taken at sign-up (issue 11: a deleted account's name stays taken).

A deleted account is renamed `deleted-<id>`; its former name is kept only as a keyed hash in
ReservedUsername, so nobody can sign up as the person who left, and nobody reading the database
learns who left.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from thoughtful.people.models import ReservedUsername, User

DELETED_PREFIX = "deleted-"
_SALT = "thoughtful.people.reserved-username"


def _digest(username: str) -> str:
    return salted_hmac(_SALT, username.strip().lower(), algorithm="sha256").hexdigest()


def reserve(username: str) -> None:
    ReservedUsername.objects.get_or_create(digest=_digest(username))


def username_taken(username: str) -> bool:
    name = username.strip().lower()
    return (
        name.startswith(DELETED_PREFIX)
        or User.objects.filter(username__iexact=name).exists()
        or ReservedUsername.objects.filter(digest=_digest(name)).exists()
    )


def deleted_username(person: User) -> str:
    return f"{DELETED_PREFIX}{person.pk}"
