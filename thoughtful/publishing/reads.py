"""Counting reads: one per visitor per essay per day, without a write on every page view.

A visitor is their `tv` cookie (first-party, opaque: a truncated hash, no personal data)
or, without it, the same hash of address and user agent, which then becomes the cookie.
The first view of the day adds a key to the cache; only that first view writes, as a single
upsert into DailyReads. Repeat views cost one cache lookup.
With the default per-process cache, two web workers may each count a visitor once (a small
over-count, documented); with Redis the count is exact.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import F, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from thoughtful.publishing.models import DailyReads, Essay
from thoughtful.security.client import client_ip

VISITOR_COOKIE = "tv"
_ONE_DAY = 60 * 60 * 24


def visitor_id(request: HttpRequest) -> str:
    cookie = request.COOKIES.get(VISITOR_COOKIE, "")
    if cookie and len(cookie) <= 64 and cookie.isalnum():
        return cookie
    # client_ip, not REMOTE_ADDR: behind our proxy every visitor would share its address.
    raw = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def ensure_visitor_cookie(request: HttpRequest, response: HttpResponse) -> None:
    # The cookie carries the same id this first view was counted under, so the second view
    # (now with the cookie) is recognised as the same visitor.
    if VISITOR_COOKIE not in request.COOKIES:
        response.set_cookie(
            VISITOR_COOKIE,
            visitor_id(request),
            max_age=365 * _ONE_DAY,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def record_read(*, essay: Essay, visitor: str) -> bool:
    """Count this visitor's read of the essay today; True if it was counted."""
    today = timezone.localdate()
    key = f"read:{essay.pk}:{today.isoformat()}:{visitor}"
    if not cache.add(key, 1, timeout=_ONE_DAY):
        return False
    updated = DailyReads.objects.filter(essay=essay, day=today).update(reads=F("reads") + 1)
    if not updated:
        row, created = DailyReads.objects.get_or_create(
            essay=essay, day=today, defaults={"reads": 1}
        )
        if not created:
            DailyReads.objects.filter(pk=row.pk).update(reads=F("reads") + 1)
    return True


def total_reads(essay: Essay) -> int:
    return int(essay.daily_reads.aggregate(total=Sum("reads"))["total"] or 0)
