"""Pages: thin views that read through selectors and change state only through actions."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.http import require_GET

from thoughtful.people.models import User
from thoughtful.publishing import page_version
from thoughtful.publishing import selectors as publishing_selectors
from thoughtful.publishing.models import Tag
from thoughtful.standing import selectors as standing_selectors
from thoughtful.web import front
from thoughtful.web.essay_page import render_essay_page
from thoughtful.web.pagecache import shared_page
from thoughtful.web.popular import popular_essays


# Anonymous readers get these pages from a shared cache (issue 12, thoughtful/web/pagecache.py).
def _listing_seconds() -> int:
    return int(settings.PAGE_CACHE_LIST_SECONDS)


def _essay_seconds() -> int:
    return int(settings.PAGE_CACHE_SECONDS)


def _essay_version(request: HttpRequest, slug: str) -> str | None:
    found = page_version.published_version(slug)
    return None if found is None else str(found)


@require_GET
@shared_page(seconds=_listing_seconds)
def home(request: HttpRequest) -> HttpResponse:
    page = front.front_page()
    return render(
        request,
        "web/home.html",
        {
            "lead": page.lead,
            "latest": page.latest,
            "sections": page.sections,
            "popular": popular_essays(limit=5),
            "top_contributors": standing_selectors.top_contributors(limit=6),
        },
    )


ARCHIVE_PAGE_SIZE = 20


@require_GET
@shared_page(seconds=_listing_seconds)
def archive(request: HttpRequest) -> HttpResponse:
    """Every published essay, newest first, ARCHIVE_PAGE_SIZE a page (issue 11)."""
    page = Paginator(front.essay_cards(), ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/archive.html", {"page": page})


@require_GET
@shared_page(version=_essay_version, seconds=_essay_seconds)
def essay(request: HttpRequest, slug: str) -> HttpResponse:
    found = publishing_selectors.essay_for_page(slug)
    if found is None:
        raise Http404("No essay here.")
    # Reads are counted by the beacon the page sends after load (thoughtful/web/visits.py),
    # so this response is the same for every anonymous reader.
    return render_essay_page(request, found)


@require_GET
@shared_page(seconds=_listing_seconds)
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Tag, slug=slug)
    essays = front.essay_cards().filter(tags=found)
    page = Paginator(essays, 12).get_page(request.GET.get("page"))
    return render(request, "web/tag.html", {"tag": found, "page": page})


@require_GET
@shared_page(seconds=_listing_seconds)
def author(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True)
    essays = front.essay_cards().filter(author=person)
    return render(
        request,
        "web/author.html",
        {"person": person, "essays": essays, "score": standing_selectors.score_of(person)},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    html = loader.render_to_string("404.html", {}, request=request)
    return HttpResponse(html, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: says why (the message every permission check gives, people.permissions
    .require) and where to go instead of a bare "Forbidden"."""
    reason = str(exception or "")
    html = loader.render_to_string("403.html", {"reason": reason}, request=request)
    return HttpResponse(html, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may be in a context processor or the database. If the
    # site's layout itself cannot render, a plain page still says what happened.
    html: str
    try:
        html = loader.render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    except Exception:  # the last resort must not raise
        html = PLAIN_500
    return HttpResponse(html, status=500)


PLAIN_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong'
    "</title></head><body><main><h1>Something went wrong on our side</h1><p>Nothing you wrote"
    ' was lost. Please try again in a moment.</p><p><a href="/">Back to the front page</a>'
    "</p></main></body></html>"
)


@require_GET
def contribution(request: HttpRequest) -> HttpResponse:
    return render(request, "web/contribution.html")


# The site's plain pages (issue 11): the same for everyone, so cached like the listings.
def _plain_page(template: str) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    # The page cache keys on the view's qualified name: one per page, not one for all.
    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    view.__qualname__ = f"plain_page.{view.__name__}"
    return require_GET(shared_page(seconds=_listing_seconds)(view))


about = _plain_page("web/pages/about.html")
guidelines = _plain_page("web/pages/guidelines.html")
privacy = _plain_page("web/pages/privacy.html")
terms = _plain_page("web/pages/terms.html")
contact = _plain_page("web/pages/contact.html")
