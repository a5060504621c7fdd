"""A version number per essay page, bumped when anything the page shows changes (issue 12).

The anonymous essay page is cached (Django's cache, and nginx's micro-cache in front) under a
key that includes this number, so a change (the essay edited, a comment posted or approved, a
reaction, a heart, a credit) is served on the next request instead of after a timeout.

The number lives on the essay row, not in the cache: every web process sees a bump at once,
even with the per-process cache of `make run`. A bump is one UPDATE run after the change
commits, so it never holds the essay's row lock for the length of a comment's transaction
(a pile-on posts many comments to one essay at once), and a page rendered between the change
and the bump is stored under the old number, which no request asks for again.

Who bumps: thoughtful.web.invalidation (signals and discussion's events, for changes saved
through models) and the few actions that change a page's data with a queryset update.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from thoughtful.publishing.models import Essay


def _bump_now(ids: list[int]) -> None:
    Essay.objects.filter(pk__in=ids).update(page_version=F("page_version") + 1)


def bump(*essay_ids: int | None) -> None:
    """Bump these essays' page versions once the current transaction commits."""
    ids = sorted({int(i) for i in essay_ids if i})
    if ids:
        transaction.on_commit(lambda: _bump_now(ids), robust=True)


def bump_many(essay_ids: Iterable[int]) -> None:
    bump(*essay_ids)


def published_version(slug: str) -> int | None:
    """The page version of the published essay at `slug`; None if there is no such page."""
    row = Essay.objects.published().filter(slug=slug).values_list("page_version", flat=True)
    found = list(row[:1])
    return int(found[0]) if found else None
