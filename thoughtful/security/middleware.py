"""Refuse NUL characters at the door (issue 14, item 8).

PostgreSQL refuses NUL (0x00) in any text value, so a NUL that reaches a query is a 500: an
anonymous `/people/a%00b/` did it, and so did the desk's filters. No page has a use for one, so
rather than guard every lookup, this middleware answers 400 when the path, the query string or
a form field holds a NUL, raw or percent-encoded (Django has decoded both by now). JSON bodies
are checked by thoughtful.security.json, which refuses "\\u0000" in the same way.
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
    """Where a NUL is in the request ("the address", "the query string", "a form field")."""
    if "\x00" in request.path_info or "\x00" in request.path:
        return "the address"
    if _has_nul(request.GET):
        return "the query string"
    # Only form bodies: reading request.POST parses them once (CSRF reads them next anyway);
    # any other body is left unread for its view.
    if request.method == "POST" and request.content_type in FORM_TYPES and _has_nul(request.POST):
        return "a form field"
    return None


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 the caller can read: the site's 400 page for browsers, JSON for everyone else
    (API clients, curl, schemathesis send no text/html in Accept)."""
    if "text/html" not in request.headers.get("Accept", ""):
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
            where = nul_found_in(request)
        except MultiPartParserError as exc:
            # A form body that can't be parsed (no boundary, cut short): Django would answer
            # with its HTML 400 page; answer in the caller's terms instead, and say why.
            return bad_request(request, f"The form body could not be read: {exc}")
        if where is not None:
            return bad_request(request, f"NUL characters are not allowed in {where}.")
        return self.get_response(request)
