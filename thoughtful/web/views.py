"""Pages: thin views that read through selectors and change state only through actions."""

from __future__ import annotations

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
    latest = publishing_selectors.published_essays()[:12]
    return render(
        request,
        "web/home.html",
        {
            "latest": latest,
            "popular": popular_essays(limit=5),
            "top_contributors": standing_selectors.top_contributors(limit=6),
            "tags": publishing_selectors.tags_in_use(),
        },
    )


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
    essays = publishing_selectors.published_essays().filter(tags=found)
    page = Paginator(essays, 12).get_page(request.GET.get("page"))
    return render(request, "web/tag.html", {"tag": found, "page": page})


@require_GET
@shared_page(seconds=_listing_seconds)
def author(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True)
    essays = publishing_selectors.published_essays().filter(author=person)
    return render(
        request,
        "web/author.html",
        {"person": person, "essays": essays, "score": standing_selectors.score_of(person)},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    html = loader.render_to_string("404.html", {}, request=request)
    return HttpResponse(html, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may be in a context processor or the database.
    html = loader.render_to_string("500.html", {"SITE_NAME": "thoughtful"})
    return HttpResponse(html, status=500)


@require_GET
def contribution(request: HttpRequest) -> HttpResponse:
    return render(request, "web/contribution.html")


@require_GET
def guidelines(request: HttpRequest) -> HttpResponse:
    """The community guidelines that the comment form and the nudge link to (issue 11)."""
    return render(request, "web/guidelines.html")
