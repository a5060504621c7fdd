"""The site's 405 page (issue 11): Django's require_GET/require_POST answer an empty
HttpResponseNotAllowed; readers get a page in the site's layout that says what the address is
for, with the Allow header kept. The JSON API and the Perspective endpoints keep their own
answers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template import loader

from thoughtful.scoring.views import is_perspective_path

JSON_PREFIXES = ("/api/",)


class NotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponseNotAllowed)
            and not response.content
            and not request.path.startswith(JSON_PREFIXES)
            and not is_perspective_path(request.path)
        ):
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            html = loader.render_to_string("405.html", {"allowed": allowed}, request=request)
            page = HttpResponse(html, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response
