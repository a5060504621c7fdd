"""Every change the embed makes: open a page's thread on its first comment (issue 13).

Posting, reacting, reporting and deleting go through thoughtful.discussion.actions unchanged;
the only new state is the page → hidden essay link, created here and nowhere else.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from thoughtful.embed.models import EmbeddedPage, EmbedSite
from thoughtful.embed.origins import normalise_page_url, origin_of
from thoughtful.embed.selectors import page_for
from thoughtful.publishing.models import Essay, EssayEvent
from thoughtful.security.text import clean_text, one_line

TITLE_LENGTH = 200


def require_allowed(*, site: EmbedSite, url: str) -> str:
    """The page's normalised address if its origin is one the site allows; else
    PermissionDenied (ValueError for an address that is no http(s) URL at all)."""
    address = normalise_page_url(url)
    if not site.is_active or not site.allows(origin_of(address)):
        raise PermissionDenied("This page's site may not show these comments.")
    return address


def _title(raw: str, address: str) -> str:
    text, _ = clean_text(raw or "", multiline=False)
    return one_line(text)[:TITLE_LENGTH] or address[:TITLE_LENGTH]


def _slug(site: EmbedSite, address: str) -> str:
    digest = hashlib.sha256(f"{site.pk}:{address}".encode()).hexdigest()[:24]
    return f"embed-{site.pk}-{digest}"


def open_page(*, site: EmbedSite, url: str, title: str = "") -> EmbeddedPage:
    """The page's thread, created on first use for an allowed origin only.

    The thread is a hidden, published essay by the site's owner whose `external_url` is the
    page: the magazine's lists leave it out, and its comments take the ordinary path.
    """
    address = require_allowed(site=site, url=url)
    found = page_for(site=site, url=address)
    if found is not None:
        return found
    now = timezone.now()
    try:
        with transaction.atomic():
            essay = Essay.objects.create(
                title=_title(title, address),
                slug=_slug(site, address),
                body="",
                body_html="",
                author=site.owner,
                status=Essay.Status.PUBLISHED,
                published_at=now,
                status_changed_at=now,
                external_url=address,
            )
            EssayEvent.objects.create(
                essay=essay,
                actor=None,
                action="embedded",
                to_status=Essay.Status.PUBLISHED,
                note=f"Thread for {address} on {site.name}",
                at=now,
            )
            return EmbeddedPage.objects.create(site=site, url=address, essay=essay, created_at=now)
    except IntegrityError:
        # Two first comments at once: the other request created it.
        raced = page_for(site=site, url=address)
        if raced is None:
            raise
        return raced
