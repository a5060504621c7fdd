"""A relationship to the publication (issue 9): who is a regular, and who just arrived.

A person has one when any of these holds at the moment they post:
- their account is at least RELATIONSHIP_ACCOUNT_DAYS old;
- they have an earlier approved (published) comment here;
- their email address is verified and they read another essay here before this one.
The answer is cached for a person once it is yes (a relationship does not go away).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache

from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.shield import conf, source

_CACHE_SECONDS = 600


def facts(
    *, person: User, at: datetime, reads: list[str] | None = None, essay_slug: str = ""
) -> dict[str, Any]:
    days = int(conf.value("RELATIONSHIP_ACCOUNT_DAYS"))
    old_enough = at - person.date_joined >= timedelta(days=days)
    approved = (
        Comment.objects.filter(
            author=person, status=Comment.Status.PUBLISHED, created_at__lt=at
        ).exists()
        if not old_enough
        else None
    )
    other_reads = [r for r in (reads or []) if r != essay_slug]
    verified_reader = bool(person.email_verified_at and other_reads)
    return {
        "account_days": round((at - person.date_joined).total_seconds() / 86400, 1),
        "approved_comment": approved,
        "verified_reader": verified_reader,
        "relationship": bool(old_enough or approved or verified_reader),
    }


def has_relationship(person_id: int, at: datetime) -> bool:
    """events.has_relationship: asked by the pipeline at Shield and above only."""
    key = f"shield:rel:{person_id}"
    if cache.get(key):
        return True
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        return False
    visit = source.current()
    reads = list(visit.get("reads") or [])
    landing = str(visit.get("landing", ""))
    here = landing.strip("/").split("/")[-1] if landing else ""
    # Reads hold the essay being read now too: "another essay" means a second one.
    answer = bool(facts(person=person, at=at, reads=reads, essay_slug=here)["relationship"])
    if not answer and len(set(reads)) >= 2 and person.email_verified_at:
        answer = True
    if answer:
        cache.set(key, True, timeout=_CACHE_SECONDS)
    return answer
