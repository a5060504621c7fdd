"""The read beacon, and where a visit first came from (issue 12).

Pages a shared cache keeps (thoughtful.web.pagecache) must not count reads or set cookies, so
a few lines of first-party script (static/thoughtful/beacon.js) POST here after the page has
loaded, with navigator.sendBeacon. This view:

- counts the read of the essay (publishing.reads: one per visitor per essay per day) and sets
  the visitor cookie the count is keyed on;
- remembers, once, where the visit came from: the referrer, the landing page's utm_*
  parameters, and the first essay read, in a cookie signed with SECRET_KEY (nothing on the
  server to clean up; the reader can't forge it).

It is exempt from CSRF (a beacon carries no token: the page that sends it is the same for
everyone), so it checks what it can instead: same-origin (Sec-Fetch-Site or Origin), a small
body, a published essay, and a rate limit per address.

For other rooms: `first_source(request)` reads that record back, e.g. when a comment is posted
(the pile-on shield: how did this commenter arrive?).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from thoughtful.discussion.pipeline import ratelimit
from thoughtful.publishing import reads
from thoughtful.publishing.models import Essay
from thoughtful.security.client import client_ip
from thoughtful.web.pagecache import mark_private

SOURCE_COOKIE = "tfs"
_SALT = "thoughtful.web.visits.first_source"
_MAX_AGE = 365 * 24 * 60 * 60
_MAX_BODY = 4096
_MAX_TEXT = 300
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def first_source(request: HttpRequest) -> dict[str, Any] | None:
    """Where this browser's visit first came from, or None (no beacon yet, cookies off, or a
    cookie that was tampered with or is over a year old).

    Keys: "referrer" (the full referring URL from another site, "" when direct or internal),
    "referrer_host" ("" likewise), "utm" (dict of the landing URL's utm_* parameters),
    "landing" (path of the first page), "essay" (slug of the first essay read, "" if none
    yet), "first_seen" (ISO 8601 UTC).
    """
    raw = request.COOKIES.get(SOURCE_COOKIE)
    if not raw or len(raw) > 4096:
        return None
    try:
        data = json.loads(signing.loads(raw, salt=_SALT, max_age=_MAX_AGE))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def _text(value: str) -> str:
    return "".join(ch for ch in value if ch.isprintable())[:_MAX_TEXT]


def _same_origin(request: HttpRequest) -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return urlsplit(origin).netloc == request.get_host()
    # Neither header (an old browser, a script): let it through, the rate limit still holds.
    return True


def _source(request: HttpRequest, *, essay: Essay | None) -> dict[str, Any]:
    referrer = _text(request.POST.get("ref", ""))
    ref_parts = urlsplit(referrer)
    if ref_parts.scheme not in ("http", "https") or ref_parts.netloc == request.get_host():
        referrer = ""
    landing = urlsplit(_text(request.POST.get("url", "")))
    utm = {}
    if landing.netloc == request.get_host():
        utm = {k: _text(v)[:100] for k, v in parse_qsl(landing.query) if k in UTM_KEYS}
    return {
        "referrer": referrer,
        "referrer_host": urlsplit(referrer).hostname or "" if referrer else "",
        "utm": utm,
        "landing": landing.path[:_MAX_TEXT] if landing.netloc == request.get_host() else "",
        "essay": essay.slug if essay else "",
        "first_seen": timezone.now().replace(microsecond=0).isoformat(),
    }


def _remember_source(request: HttpRequest, response: HttpResponse, essay: Essay | None) -> None:
    known = first_source(request)
    if known is None:
        data = _source(request, essay=essay)
    elif essay is not None and not known.get("essay"):
        data = {**known, "essay": essay.slug}  # the visit began elsewhere; this is its first read
    else:
        return
    response.set_cookie(
        SOURCE_COOKIE,
        signing.dumps(json.dumps(data, separators=(",", ":")), salt=_SALT),
        max_age=_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@csrf_exempt
@require_POST
def beacon(request: HttpRequest) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > _MAX_BODY:
        return mark_private(HttpResponse(status=413))
    if not _same_origin(request):
        return mark_private(HttpResponse(status=403))
    per_minute = max(1, int(settings.BEACON_PER_MINUTE))
    allowed, _ = ratelimit.allow(
        f"beacon:{client_ip(request)}", interval=60 / per_minute, burst=per_minute
    )
    if not allowed:
        return mark_private(HttpResponse(status=429))
    slug = request.POST.get("essay", "")
    essay = None
    if slug:
        essay = Essay.objects.published().filter(slug=slug[:200]).only("pk", "slug").first()
        if essay is None:
            return mark_private(HttpResponse(status=404))
    response = mark_private(HttpResponse(status=204))
    if essay is not None:
        reads.record_read(essay=essay, visitor=reads.visitor_id(request))
        reads.ensure_visitor_cookie(request, response)
    _remember_source(request, response, essay)
    return response
