"""Pages: thin views that read through selectors and change state only through actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.views.decorators.http import require_GET, require_POST

from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.people.models import User
from thoughtful.publishing import reads
from thoughtful.publishing import selectors as publishing_selectors
from thoughtful.publishing.models import Tag
from thoughtful.standing import selectors as standing_selectors
from thoughtful.web.forms import CommentForm


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    latest = publishing_selectors.published_essays()[:12]
    return render(
        request,
        "web/home.html",
        {
            "latest": latest,
            "top_contributors": standing_selectors.top_contributors(limit=6),
            "tags": publishing_selectors.tags_in_use(),
        },
    )


@require_GET
def essay(request: HttpRequest, slug: str) -> HttpResponse:
    found = publishing_selectors.essay_for_page(slug)
    if found is None:
        raise Http404("No essay here.")
    comments = list(discussion_selectors.comments_for_page(found))
    response = render(
        request,
        "web/essay.html",
        {
            "essay": found,
            "credits": publishing_selectors.credits_in_order(found),
            "related": publishing_selectors.related_reads(found),
            "comments": comments,
            "comment_count": discussion_selectors.comment_count(found),
            "author_score": standing_selectors.score_of(found.author),
            "form": CommentForm(),
        },
    )
    reads.record_read(essay=found, visitor=reads.visitor_id(request))
    reads.ensure_visitor_cookie(request, response)
    return response


@login_required
@require_POST
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    found = publishing_selectors.essay_for_page(slug)
    if found is None:
        raise Http404("No essay here.")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            discussion_actions.post_comment(
                author=request.user,  # type: ignore[arg-type]
                essay=found,
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            form.add_error("body", exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your comment is posted.")
            return redirect(f"{found.get_absolute_url()}#comments")
    # Keep the writer's text: re-render the page with the form and its errors.
    return render(
        request,
        "web/essay.html",
        {
            "essay": found,
            "credits": publishing_selectors.credits_in_order(found),
            "related": publishing_selectors.related_reads(found),
            "comments": list(discussion_selectors.comments_for_page(found)),
            "comment_count": discussion_selectors.comment_count(found),
            "author_score": standing_selectors.score_of(found.author),
            "form": form,
        },
        status=400,
    )


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Tag, slug=slug)
    essays = publishing_selectors.published_essays().filter(tags=found)
    page = Paginator(essays, 12).get_page(request.GET.get("page"))
    return render(request, "web/tag.html", {"tag": found, "page": page})


@require_GET
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
