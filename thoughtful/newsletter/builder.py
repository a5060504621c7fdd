"""What goes in the next edition: essays published since the last one, each with the blurb the
social editor wrote for the newsletter in the social step (publishing.models.SocialCopy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from thoughtful.newsletter.models import Edition
from thoughtful.publishing.models import Essay


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    essays: list[Essay]
    covers_since: datetime | None
    covers_until: datetime


def _site_url() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def last_covered() -> datetime | None:
    """Where the previous edition (sending or sent) stopped; drafts don't count."""
    return (
        Edition.objects.exclude(status=Edition.Status.DRAFT)
        .order_by("-covers_until")
        .values_list("covers_until", flat=True)
        .first()
    )


def essays_since(since: datetime | None, until: datetime) -> list[Essay]:
    essays = Essay.objects.published().filter(published_at__lte=until)
    if since is not None:
        essays = essays.filter(published_at__gt=since)
    return list(essays.select_related("author", "social").order_by("published_at", "id"))


def blurb(essay: Essay) -> str:
    """The social editor's newsletter blurb; an essay published before the social step
    existed falls back to its standfirst."""
    social = getattr(essay, "social", None)
    return (social.newsletter.strip() if social is not None else "") or essay.standfirst


def build(*, now: datetime | None = None) -> Draft:
    until = now or timezone.now()
    since = last_covered()
    essays = essays_since(since, until)
    count = len(essays)
    subject = (
        f"{settings.SITE_NAME} this week: {count} new essay{'s' if count != 1 else ''}"
        if count
        else f"{settings.SITE_NAME} this week"
    )
    body = render_to_string(
        "email/newsletter.txt",
        {
            "site_name": settings.SITE_NAME,
            "items": [
                {
                    "title": e.title,
                    "author": e.author.public_name,
                    "blurb": blurb(e),
                    "url": _site_url() + e.get_absolute_url(),
                }
                for e in essays
            ],
            "site": _site_url(),
        },
    )
    return Draft(subject=subject, body=body, essays=essays, covers_since=since, covers_until=until)
