from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import reverse

from thoughtful.publishing import selectors as publishing_selectors

# How many topics the header names; the rest are a click away on the archive and tag pages.
HEADER_TOPICS = 8
_CACHE_KEY = "web:header-topics"


def header_topics() -> list[dict[str, str]]:
    """The busiest topics, for the header's navigation (issue 11). One query at most per
    PAGE_CACHE_LIST_SECONDS per process; nothing when the database is unreachable, so the
    error pages still render."""
    # A deployment's own CACHES may have no "pages" alias (as web.pagecache allows): then the
    # header asks the database each time rather than fail every page.
    pages = caches["pages"] if "pages" in settings.CACHES else None
    found: list[dict[str, str]] | None = pages.get(_CACHE_KEY) if pages is not None else None
    if found is None:
        try:
            found = [
                {"name": tag.name, "url": reverse("web:tag", args=[tag.slug])}
                for tag in publishing_selectors.busiest_tags(limit=HEADER_TOPICS)
            ]
        except DatabaseError:
            return []
        seconds = int(settings.PAGE_CACHE_LIST_SECONDS)
        if seconds > 0 and pages is not None:
            pages.set(_CACHE_KEY, found, seconds)
    return found


def site(request: HttpRequest) -> dict[str, Any]:
    # A callable: the template calls it only where it shows the header, so a page (or a JSON
    # fragment rendered with a request) that never does costs no query.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "TIME_ZONE": settings.TIME_ZONE,
        "EDITORS_EMAIL": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "header_topics": header_topics,
    }
