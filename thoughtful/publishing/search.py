"""Full-text search of published essays: one interface, two engines.

SQLite: the FTS5 table `publishing_essay_fts` (created by migration 0003), one row per published
essay keyed by its id, written by publishing.actions whenever a published essay's text changes,
and removed when it is unpublished or archived; ranked by bm25 with title weighted highest.
PostgreSQL: SearchVector/SearchQuery/SearchRank over title (A), standfirst (B) and body (C), with
a GIN index from the same migration; nothing to keep in sync.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from thoughtful.publishing.models import Essay

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def _vendor() -> str:
    return connection.vendor


def index(essay: Essay) -> None:
    """Make the essay findable (call inside the transaction that publishes or edits it)."""
    if _vendor() != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM publishing_essay_fts WHERE rowid = %s", [essay.pk])
        cursor.execute(
            "INSERT INTO publishing_essay_fts(rowid, title, standfirst, body) "
            "VALUES (%s, %s, %s, %s)",
            [essay.pk, essay.title, essay.standfirst, essay.body],
        )


def unindex(essay_id: int) -> None:
    if _vendor() != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM publishing_essay_fts WHERE rowid = %s", [essay_id])


def terms(query: str) -> list[str]:
    return _WORD.findall(query.lower())[:MAX_TERMS]


def search(query: str, *, limit: int = 20) -> list[Essay]:
    """Published essays matching every word of `query`, best first."""
    words = terms(query)
    if not words:
        return []
    published = Essay.objects.published().select_related("author", "featured_image")
    vendor = _vendor()
    if vendor == "sqlite":
        # Each word quoted: user input can never become FTS5 syntax (NEAR, column filters, *).
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM publishing_essay_fts WHERE publishing_essay_fts MATCH %s "
                "ORDER BY bm25(publishing_essay_fts, 10.0, 4.0, 1.0) LIMIT %s",
                [match, limit * 2],
            )
            ids = [row[0] for row in cursor.fetchall()]
        found = {e.pk: e for e in published.filter(pk__in=ids)}
        return [found[i] for i in ids if i in found][:limit]
    if vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("standfirst", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search_query = SearchQuery(" ".join(words), search_type="plain", config="english")
        return list(
            published.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)
            .order_by("-rank", "-published_at")[:limit]
        )
    condition = Q()
    for w in words:
        condition &= Q(title__icontains=w) | Q(standfirst__icontains=w) | Q(body__icontains=w)
    return list(published.filter(condition)[:limit])
