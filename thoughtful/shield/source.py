"""Where a visit came from: the Referer and UTM of the visit that started the session.

A small middleware keeps them in a signed first-visit cookie (set once, for the browser
session) together with the essays read since, and exposes them for the current request through
a context variable. discussion asks `events.current_source()` (provided by `current`) and records
the answer with each comment; the shield reads it from there in the worker. Replay sets the
variable directly (`use`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "tfv"
SALT = "thoughtful.shield.first-visit"
MAX_READS = 5
_current: ContextVar[dict[str, Any] | None] = ContextVar("shield_source", default=None)


def current() -> dict[str, Any]:
    return dict(_current.get() or {})


@contextmanager
def use(source: dict[str, Any] | None) -> Iterator[None]:
    token = _current.set(source)
    try:
        yield
    finally:
        _current.reset(token)


def _host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def source_key(*, referrer: str = "", utm_source: str = "", utm_campaign: str = "") -> str:
    """One name per referring site or campaign: a campaign wins, then the UTM source, then the
    Referer's host. Empty for direct visits (they are not "one source")."""
    if utm_campaign:
        return f"utm:{utm_campaign.lower()[:80]}"
    if utm_source:
        return f"utm:{utm_source.lower()[:80]}"
    return _host(referrer)[:120]


def describe(*, referrer: str = "", landing: str = "", query: str = "") -> dict[str, Any]:
    params = parse_qs(query)
    utm_source = (params.get("utm_source") or [""])[0][:80]
    utm_campaign = (params.get("utm_campaign") or [""])[0][:80]
    return {
        "referrer": referrer[:300],
        "utm_source": utm_source,
        "utm_campaign": utm_campaign,
        "landing": landing[:200],
        "key": source_key(referrer=referrer, utm_source=utm_source, utm_campaign=utm_campaign),
    }


def _essay_slug(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "essays" else ""


def _beacon_source(request: HttpRequest) -> dict[str, Any] | None:
    # The web floor's beacon cookie (thoughtful/web/visits.py); imported here, at the call,
    # because the beacon belongs to the pages while the shield only reads what it recorded.
    from thoughtful.web.visits import first_source

    return first_source(request)


def _private(request: HttpRequest) -> bool:
    """Only responses that are one reader's own may set a cookie: anonymous pages are shared
    by caches (issue 12), and the beacon records an anonymous visit's source instead."""
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class FirstVisitMiddleware:
    """Sets the first-visit cookie once per browser session; counts essays read (up to 5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.COOKIES.get(COOKIE, "")
        try:
            visit = signing.loads(raw, salt=SALT) if raw and len(raw) < 3000 else None
        except (signing.BadSignature, ValueError):
            visit = None
        fresh = not isinstance(visit, dict)
        beacon = _beacon_source(request) if fresh else None
        if beacon is not None:
            # The read beacon saw this browser's first page (an anonymous, shared-cached page
            # that sets no cookie itself): start from what it recorded.
            utm = beacon.get("utm") or {}
            visit = {
                **describe(
                    referrer=str(beacon.get("referrer") or ""),
                    landing=str(beacon.get("landing") or ""),
                    query=urlencode({k: v for k, v in utm.items() if isinstance(v, str)}),
                ),
                "at": int(time.time()),
                "reads": [beacon["essay"]] if beacon.get("essay") else [],
            }
        elif fresh:
            own_host = request.get_host().split(":")[0].lower().removeprefix("www.")
            referrer = request.META.get("HTTP_REFERER", "")
            if _host(referrer) == own_host:
                referrer = ""
            visit = {
                **describe(
                    referrer=referrer,
                    landing=request.path,
                    query=request.META.get("QUERY_STRING", ""),
                ),
                "at": int(time.time()),
                "reads": [],
            }
        assert isinstance(visit, dict)
        changed = fresh
        slug = _essay_slug(request.path) if request.method == "GET" else ""
        reads = list(visit.get("reads") or [])
        if slug and slug not in reads and len(reads) < MAX_READS:
            visit["reads"] = [*reads, slug]
            changed = True
        token = _current.set(visit)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if changed and response.status_code < 400 and _private(request):
            # A session cookie: "the visit that started the session".
            response.set_cookie(
                COOKIE,
                signing.dumps(visit, salt=SALT, compress=True),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
