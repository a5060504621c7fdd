"""The profile part of "export my data" (issue 11); other apps add theirs through people.hooks."""

from __future__ import annotations

from typing import Any

from thoughtful.people.models import AccountEvent, User


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def profile_section(person: User) -> dict[str, Any]:
    return {
        "username": person.username,
        "display_name": person.display_name,
        "email": person.email,
        "email_verified_at": _when(person.email_verified_at),
        "pending_email": person.pending_email,
        "bio": person.bio,
        "avatar": person.avatar.name if person.avatar else "",
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
        "roles": sorted(person.groups.values_list("name", flat=True)),
        "commenting_status": person.effective_commenting_status(),
        "notify_replies": person.notify_replies,
        "daily_digest": person.daily_digest,
        "account_events": [
            {"kind": event.kind, "at": _when(event.created_at)}
            for event in AccountEvent.objects.filter(person=person).order_by("created_at", "id")
        ],
    }
