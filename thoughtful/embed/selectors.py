"""Reads for the embed: which site a request names, and the thread of a page if it has one."""

from __future__ import annotations

import re

from thoughtful.embed.models import EmbeddedPage, EmbedSite

_KEY = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def active_site(key: str) -> EmbedSite | None:
    # A key is a slug: anything else (a NUL, which PostgreSQL refuses) names no site.
    if not _KEY.fullmatch(key):
        return None
    return EmbedSite.objects.filter(key=key, is_active=True).select_related("owner").first()


def page_for(*, site: EmbedSite, url: str) -> EmbeddedPage | None:
    """The page's thread, or None while nobody has commented there yet (no row is written on
    a read: a crawler walking the host site must not create threads)."""
    return (
        EmbeddedPage.objects.select_related("essay", "essay__author")
        .filter(site=site, url=url)
        .first()
    )
