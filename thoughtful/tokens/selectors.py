from __future__ import annotations

from django.db.models import QuerySet

from thoughtful.people.models import User
from thoughtful.tokens.models import AccessToken


def tokens_of(person: User) -> QuerySet[AccessToken]:
    """A person's tokens, active ones first, newest first."""
    return AccessToken.objects.filter(owner=person).order_by("revoked_at", "-created_at", "-id")
