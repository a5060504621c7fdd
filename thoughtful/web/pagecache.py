"""Anonymous pages that a shared cache may keep (issue 12: "anonymous pages served without
Python").

The essay, home, author and tag pages are the same bytes for every anonymous reader: no
cookie is set on them (reads are counted by a beacon after load, thoughtful.web.visits), no
CSRF token is printed (forms are only shown to signed-in readers). So they carry

    Cache-Control: public, max-age=0, s-maxage=PAGE_S_MAXAGE,
                   stale-while-revalidate=PAGE_STALE_WHILE_REVALIDATE

which lets nginx's micro-cache (deploy/nginx/thoughtful.conf) answer them, while browsers
revalidate every time (max-age=0: a reader who just posted sees their comment).

Signed-in readers, and anyone with a session or a pending message, get the page rendered for
them with `Cache-Control: private, no-store`: their reactions, held comments, forms with the
CSRF token and the idempotency key are in the page itself. That is the simplest design that
keeps every interaction working without JavaScript; nginx passes such requests straight
through (it bypasses the cache when the session cookie is present).

Behind nginx, Django also keeps the rendered anonymous page in the per-process "pages" cache:
the essay page under the essay's page version (publishing.page_version, bumped on every
change, so never stale), the listing pages (home, author, tag) for PAGE_CACHE_LIST_SECONDS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

View = Callable[..., HttpResponse]
# A view's version: a string naming the current state of what it shows, or None when the
# page does not exist (the view then answers, a 404 for instance, uncached).
Version = Callable[..., "str | None"]

# Query parameters the cached pages read; any other (utm_*, fbclid...) changes nothing.
PAGE_PARAMETERS = ("sort", "after", "page")
PRIVATE = "private, no-store"


def public_cache_control() -> str:
    return (
        f"public, max-age=0, s-maxage={int(settings.PAGE_S_MAXAGE)}, "
        f"stale-while-revalidate={int(settings.PAGE_STALE_WHILE_REVALIDATE)}"
    )


def is_personal(request: HttpRequest) -> bool:
    """Whether this request may see bytes meant for one reader: signed in, a session (a
    sign-in in progress), or a message waiting to be shown."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    if CookieStorage.cookie_name in request.COOKIES:
        return True
    return bool(request.user.is_authenticated)


def mark_private(response: HttpResponse) -> HttpResponse:
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # get_token() was called: the page printed a CSRF token, which is per reader.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _key(request: HttpRequest, name: str, version: str) -> str:
    params = "&".join(f"{p}={request.GET.get(p, '')}" for p in PAGE_PARAMETERS if p in request.GET)
    scheme = "https" if request.is_secure() else "http"
    raw = f"{scheme}://{request.get_host()}|{name}|{version}|{params}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def shared_page(
    *, version: Version | None = None, seconds: Callable[[], int]
) -> Callable[[View], View]:
    """Serve `view` to anonymous readers from the page cache, with public Cache-Control.

    `version(request, **kwargs)` names the page's current state; without it, the page is kept
    `seconds()` (a listing: home, author, tag). `seconds()` of 0 turns the Django-side cache
    off (the headers stay).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if is_personal(request):
                return mark_private(view(request, *args, **kwargs))
            # Without the "pages" alias (a deployment's own CACHES), only the headers apply.
            timeout = int(seconds()) if "pages" in settings.CACHES else 0
            key = None
            if timeout > 0:
                current = version(request, *args, **kwargs) if version else "ttl"
                if current is not None:
                    key = _key(request, view.__qualname__ + repr(sorted(kwargs.items())), current)
            if key is not None:
                hit = caches["pages"].get(key)
                if hit is not None:
                    content, content_type = hit
                    response = HttpResponse(content, content_type=content_type)
                    response["Cache-Control"] = public_cache_control()
                    response["X-Page-Cache"] = "hit"
                    return response
            response = view(request, *args, **kwargs)
            if not _shareable(request, response):
                return mark_private(response)
            response["Cache-Control"] = public_cache_control()
            if key is not None:
                caches["pages"].set(key, (response.content, response["Content-Type"]), timeout)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapped

    return decorate
