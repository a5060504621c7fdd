"""The newsletter's part of exporting and deleting an account (issue 11). Subscriptions are by
address, not by account; the account's address is how they are found."""

from __future__ import annotations

from typing import Any

from thoughtful.newsletter.models import Subscriber
from thoughtful.people.models import User


def export_subscription(person: User) -> dict[str, Any] | None:
    subscriber = (
        Subscriber.objects.filter(email__iexact=person.email).first() if person.email else None
    )
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": (
            subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
        ),
    }


def forget_subscription(person: User) -> None:
    """A deleted account's address leaves the newsletter too (its deliveries go with it)."""
    if person.email:
        Subscriber.objects.filter(email__iexact=person.email).delete()
