"""Refuse NUL characters at the door (issue 14, item 8).

PostgreSQL refuses NUL (0x00) in any text value, so a NUL that reaches a query is a 500: an
anonymous `/people/a%00b/` did it, and so did the desk's filters. No page has a use for one, so
rather than guard every lookup, this middleware answers 400 when the path or the query string
holds a NUL, raw or percent-encoded (Django has decoded both by now). Form fields are the
forms' job (they keep the writer's text and say what they removed); JSON bodies are checked by
thoughtful.security.json, which refuses "\\u0000" in the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import QueryDict
from django.template import TemplateDoesNotExist, loader

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def nul_found_in(request: HttpRequest) -> str | None:
    """Where a NUL is in the request ("the address", "the query string"), or None."""
    if "\x00" in request.path_info or "\x00" in request.path:
        return "the address"
    if _has_nul(request.GET):
        return "the query string"
    # Form bodies are left to the forms: every form cleans its text (security.text's mixin,
    # checked by a test over every form) and tells the writer what it took out while keeping
    # their words, which a bare 400 here would throw away. Django's CharField refuses NUL too.
    return None


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 the caller can read: the site's 400 page for browsers, JSON for everyone else
    (API clients, curl, schemathesis send no text/html in Accept)."""
    # The Perspective endpoint's paths answer JSON whatever the Accept header (issue 10).
    api_path = request.path.startswith(("/v1alpha1", "/$discovery"))
    if request.path.startswith("/api/"):
        # The JSON API's one error shape (thoughtful/api/errors.py).
        body = {"error": {"code": "bad_request", "message": message}, "detail": message}
        return JsonResponse(body, status=400)
    if api_path or "text/html" not in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message}, status=400)
    try:
        html = loader.render_to_string("400.html", {"message": message}, request=request)
    except TemplateDoesNotExist:
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return HttpResponseBadRequest(html)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            if request.method == "POST" and request.content_type in FORM_TYPES:
                if request.path.startswith("/api/"):
                    # The JSON API reads the raw body whatever its type; a multipart body
                    # parsed as a stream first would leave it unreadable (a 500), so buffer it.
                    request.body  # noqa: B018
                # Parsed here, once (CSRF reads it next anyway), so a broken body is answered
                # in the caller's terms; any other body is left unread for its view.
                request.POST  # noqa: B018
        except MultiPartParserError as exc:
            # A form body that can't be parsed (no boundary, cut short): Django would answer
            # with its HTML 400 page; answer in the caller's terms instead, and say why.
            return bad_request(request, f"The form body could not be read: {exc}")
        where = nul_found_in(request)
        if where is not None:
            return bad_request(request, f"NUL characters are not allowed in {where}.")
        return self.get_response(request)
