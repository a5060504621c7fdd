"""The embed's pages and endpoints (issue 13): thin views over the embed's and the discussion's
actions.

- `thread`: the page inside the host site's iframe. Framable only by the site's allowed
  origins (CSP frame-ancestors), rendered for nobody in particular: the reader's cookies are
  never read, so the host page cannot make it show anything of the reader's.
- `comments`: the thread's list as an HTML fragment, for the frame's script; signed-in readers
  (by token) also see their own held comments and their reactions.
- `sign_in`: the popup on our own origin that signs in and hands the frame a token.
- `post`, `react`, `report`, `delete`: JSON endpoints authenticated by the token alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thoughtful.discussion import access
from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.discussion.models import Comment, Report
from thoughtful.embed import actions, selectors, tokens
from thoughtful.embed.models import EmbeddedPage, EmbedSite
from thoughtful.embed.origins import origin_of
from thoughtful.people.forms import SignInForm
from thoughtful.people.models import User
from thoughtful.web.forms import CommentForm, ReportForm

THEMES = ("light", "dark")


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _query(request: HttpRequest) -> Any:
    return request.GET if request.method == "GET" else request.POST


def _site(request: HttpRequest) -> EmbedSite:
    key = _query(request).get("site", "")
    if not key:
        raise BadRequest("The embed needs ?site= (the site's key).")
    site = selectors.active_site(key)
    if site is None:
        raise BadRequest("No such site embeds comments here.", status=404)
    return site


def _address(request: HttpRequest, site: EmbedSite) -> str:
    raw = _query(request).get("url", "")
    if not raw:
        raise BadRequest("The embed needs ?url= (the page's canonical address).")
    try:
        return actions.require_allowed(site=site, url=raw)
    except ValueError as exc:
        raise BadRequest(f"The page address is not usable: {exc}.") from None
    except PermissionDenied as exc:
        raise BadRequest(str(exc), status=403) from None


def _own_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}".lower()


def _framed_by_allowed(request: HttpRequest, site: EmbedSite) -> bool:
    """The page loading the frame, as far as the browser tells (its Referer, usually just the
    origin): one of the site's, or the frame itself moving on. No Referer (a no-referrer
    policy) is left to the browser's frame-ancestors check."""
    referer = request.headers.get("Referer", "")
    if not referer:
        return True
    try:
        origin = origin_of(referer)
    except ValueError:
        return False
    return site.allows(origin) or origin == _own_origin(request)


def _theme(request: HttpRequest) -> str:
    value = request.GET.get("theme", "")
    return value if value in THEMES else "auto"


def _sort(request: HttpRequest) -> str:
    value = _query(request).get("sort", discussion_selectors.DEFAULT_SORT)
    return value if value in discussion_selectors.SORTS else discussion_selectors.DEFAULT_SORT


def _error(request: HttpRequest, exc: BadRequest, *, fragment: bool = False) -> HttpResponse:
    if fragment or request.method == "POST":
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return render(request, "embed/refused.html", {"message": str(exc)}, status=exc.status)


def _framable_by(response: HttpResponse, site: EmbedSite) -> HttpResponse:
    """Only the site's own origins may frame this page (issue 13); everything else keeps the
    site-wide policy (script-src 'self', no inline script or style)."""
    policy = dict(settings.SECURE_CSP)
    policy["frame-ancestors"] = site.origins or ["'none'"]
    response._csp_config = policy  # type: ignore[attr-defined]  # read by Django's CSP middleware
    return response


def _reader(request: HttpRequest, site: EmbedSite) -> User | None:
    """Who the frame's token names; never the cookie session, which the host page could ride."""
    return tokens.read(tokens.bearer(request), site=site)


def _thread_context(
    *,
    site: EmbedSite,
    address: str,
    page: EmbeddedPage | None,
    viewer: User | None,
    sort: str,
    cursor: str | None = None,
    thread_id: int | None = None,
) -> dict[str, Any]:
    viewer_id = viewer.pk if viewer is not None else None
    context: dict[str, Any] = {
        "site": site,
        "address": address,
        "page": page,
        "essay": page.essay if page else None,
        "user": viewer if viewer is not None else AnonymousUser(),
        "can_feature": False,  # featuring is the desk's, on our own site
        "sorts": [(key, label) for key, (label, _) in discussion_selectors.SORTS.items()],
        "sort": sort,
        "count": discussion_selectors.comment_count(page.essay) if page else 0,
        # The partials' {% csrf_token %} renders nothing: the embed's forms are sent by its
        # script with the token, and a CSRF token would set a cookie on a framed response.
        "csrf_token": "",
        "thread": None,
        "root": None,
    }
    if page is None:
        return context
    if thread_id is not None:
        comment = access.access_comment(
            viewer=viewer,
            comment_id=thread_id,
            listed=True,
            queryset=Comment.objects.filter(essay=page.essay).select_related("author"),
        )
        root = discussion_selectors.thread_of(comment, viewer_id=viewer_id)
        reacted = set()
        if viewer_id:
            ids, stack = [], [root]
            while stack:
                node = stack.pop()
                ids.append(node.pk)
                stack.extend(getattr(node, "shown_replies", []))
            reacted = discussion_selectors.reacted_by(viewer_id, ids)
        context["root"] = root
        context["thread"] = {"reacted_ids": reacted}
        context["thread_view"] = True
        return context
    context["thread"] = discussion_selectors.thread_page(
        page.essay, viewer_id=viewer_id, sort=sort, cursor=cursor
    )
    return context


def _thread_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("thread", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise BadRequest("thread must be a comment id.")
    return int(raw)


@xframe_options_exempt  # framing is governed by frame-ancestors, per site
@require_GET
def thread(request: HttpRequest) -> HttpResponse:
    try:
        site = _site(request)
        address = _address(request, site)
        if not _framed_by_allowed(request, site):
            raise BadRequest("This page's site may not show these comments.", status=403)
    except BadRequest as exc:
        return _error(request, exc)
    page = selectors.page_for(site=site, url=address)
    title = request.GET.get("title", "")[: actions.TITLE_LENGTH]
    context = _thread_context(
        site=site, address=address, page=page, viewer=None, sort=_sort(request)
    )
    context.update(
        {
            "theme": _theme(request),
            "title": title,
            "form": CommentForm(),
            "report_form": ReportForm(),
            "report_reasons": Report.Reason.choices,
        }
    )
    response = render(request, "embed/thread.html", context)
    add_never_cache_headers(response)
    return _framable_by(response, site)


@require_GET
def comments(request: HttpRequest) -> HttpResponse:
    """The list alone (sorted, a later page, or one comment's thread), for the frame's script."""
    try:
        site = _site(request)
        address = _address(request, site)
        thread_id = _thread_id(request)
    except BadRequest as exc:
        return _error(request, exc, fragment=True)
    viewer = _reader(request, site)
    if tokens.bearer(request) and viewer is None:
        return JsonResponse({"error": "Your sign-in has expired. Sign in again."}, status=401)
    page = selectors.page_for(site=site, url=address)
    try:
        context = _thread_context(
            site=site,
            address=address,
            page=page,
            viewer=viewer,
            sort=_sort(request),
            cursor=request.GET.get("after") or None,
            thread_id=thread_id,
        )
    except discussion_selectors.BadCursor as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    html = render_to_string("embed/_comments.html", context)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    patch_cache_control(response, private=True, no_cache=True)
    response["Vary"] = "Authorization"
    return response


def _token_page(request: HttpRequest, site: EmbedSite, person: User) -> HttpResponse:
    response = render(
        request,
        "embed/signed_in.html",
        {
            "site": site,
            "person": person,
            "token": tokens.issue(person=person, site=site),
            "max_age": tokens.max_age(),
        },
    )
    add_never_cache_headers(response)
    # The frame that opened this popup must keep `window.opener`: the site-wide
    # Cross-Origin-Opener-Policy: same-origin would cut it (the frame's top page is another
    # site). The token goes only to our own origin (embed-sign-in.js), never to the host page.
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """The popup: our own origin at the top, so our session cookie is first-party here. A
    reader signed in already gets a token at once; others sign in with the usual form (the
    same throttle, in the authentication backend)."""
    try:
        site = _site(request)
    except BadRequest as exc:
        return _error(request, BadRequest(str(exc), exc.status))
    if request.user.is_authenticated and request.method == "GET":
        return _token_page(request, site, request.user)
    form = SignInForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        return _token_page(request, site, form.user)
    throttled = bool(form.errors) and form.has_error("__all__", "throttled")
    response = render(
        request,
        "embed/sign_in.html",
        {"form": form, "site": site},
        status=429 if throttled else (400 if form.errors else 200),
    )
    if throttled and form.retry_after:
        response["Retry-After"] = str(form.retry_after)
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response


# --- JSON endpoints the frame's script calls, authenticated by the token ------------------------

# (request, site, person, **route arguments) -> response
Endpoint = Callable[..., HttpResponse]


def token_endpoint(view: Endpoint) -> Callable[..., HttpResponse]:
    """POST only, JSON answers, the reader from `Authorization: Bearer` and nothing else.

    CSRF-exempt because no cookie authenticates these requests: a forged cross-site request
    carries no token (the host page never has one), so it acts for nobody.
    """

    @csrf_exempt
    @require_POST
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            site = _site(request)
        except BadRequest as exc:
            # No site, no thread to act on: the same 404 as a comment that isn't there, so
            # these routes tell nobody which comments exist (issue 14's visibility rule).
            return JsonResponse({"error": str(exc)}, status=404)
        person = _reader(request, site)
        if person is None:
            return JsonResponse({"error": "Sign in to do that.", "sign_in": True}, status=401)
        try:
            response = view(request, site, person, **kwargs)
        except BadRequest as exc:
            response = JsonResponse({"error": str(exc)}, status=exc.status)
        except Http404:
            response = JsonResponse({"error": "No such comment."}, status=404)
        except PermissionDenied as exc:
            response = JsonResponse({"error": str(exc) or "Not allowed."}, status=403)
        except ValidationError as exc:
            response = JsonResponse({"error": exc.messages[0]}, status=400)
        add_never_cache_headers(response)
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _comment_in_site(comment_id: int, site: EmbedSite, person: User) -> Comment:
    """A comment of one of this site's threads that the reader may read, else 404."""
    return access.access_comment(
        viewer=person,
        comment_id=comment_id,
        queryset=Comment.objects.filter(essay__embedded_page__site=site).select_related("essay"),
    )


@token_endpoint
def post(request: HttpRequest, site: EmbedSite, person: User) -> HttpResponse:
    """A comment or reply through the posting pipeline; the thread opens on its first one."""
    form = CommentForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"error": first, "fields": form.errors}, status=400)
    address = _address(request, site)
    if len(request.POST.get("title", "")) > 1000:
        raise BadRequest("The page title is too long.")
    page = actions.open_page(site=site, url=address, title=request.POST.get("title", ""))
    parent = None
    if form.cleaned_data.get("parent"):
        parent = (
            Comment.objects.readable_by(person.pk)
            .filter(pk=form.cleaned_data["parent"], essay=page.essay)
            .first()
        )
        if parent is None:
            raise BadRequest("The comment you replied to is no longer here.")
    try:
        result = discussion_actions.post_comment(
            author=person,
            essay=page.essay,
            body=form.cleaned_data["body"],
            parent=parent,
            idempotency_key=form.cleaned_data.get("idempotency_key") or "",
            nudge_token=form.cleaned_data.get("nudge") or "",
            post_anyway=request.POST.get("choice") == "post_anyway",
        )
    except discussion_actions.CommentRefused as exc:
        response = JsonResponse(
            {"outcome": "refused", "error": exc.messages[0], "code": exc.code},
            status=429 if exc.retry_after else 400,
        )
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    if result.outcome == "nudged":
        assert result.nudge is not None
        return JsonResponse(
            {
                "outcome": "nudged",
                "message": result.message,
                "nudge": str(result.nudge.token),
                "body": result.nudge.body,
                "unchanged": result.unchanged,
            }
        )
    assert result.comment is not None
    return JsonResponse(
        {
            "outcome": result.outcome,
            "message": result.message,
            "comment": result.comment.pk,
            "status": result.comment.status,
        },
        status=200 if result.repeated else 201,
    )


@token_endpoint
def react(request: HttpRequest, site: EmbedSite, person: User, comment_id: int) -> HttpResponse:
    comment = _comment_in_site(comment_id, site, person)
    reacted, count = discussion_actions.toggle_thoughtful(person=person, comment=comment)
    return JsonResponse({"reacted": reacted, "count": count})


@token_endpoint
def report(request: HttpRequest, site: EmbedSite, person: User, comment_id: int) -> HttpResponse:
    comment = _comment_in_site(comment_id, site, person)
    form = ReportForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"error": first}, status=400)
    discussion_actions.report_comment(
        reporter=person,
        comment=comment,
        reason=form.cleaned_data["reason"],
        text=form.cleaned_data["text"],
    )
    return JsonResponse({"message": "Thank you. A moderator will look at this comment."})


@token_endpoint
def delete(request: HttpRequest, site: EmbedSite, person: User, comment_id: int) -> HttpResponse:
    comment = access.access_comment(
        viewer=person,
        comment_id=comment_id,
        listed=True,
        queryset=Comment.objects.filter(essay__embedded_page__site=site),
    )
    done = discussion_actions.delete_own_comment(person=person, comment=comment)
    return JsonResponse({"status": done.status})
