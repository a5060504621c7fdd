from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from thoughtful.api.docs import docs_access
from thoughtful.api.openapi import DocumentedAPI
from thoughtful.api.parser import UntrustedJSONParser, explain_parse_errors
from thoughtful.moderation.api import router as moderation_router
from thoughtful.scoring.api import router as scoring_router
from thoughtful.security.throttle import Throttled

api = DocumentedAPI(
    title="thoughtful API",
    version="1",
    description="JSON API over the same actions the pages use.",
    urls_namespace="api",
    parser=UntrustedJSONParser(),
    docs_decorator=docs_access,  # settings.API_DOCS: public, staff or off
)
explain_parse_errors(api)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """An address that failed too often (sign-in, API keys: one throttle, issue 14)."""
    response = api.create_response(
        request, {"detail": f"too many failed attempts; retry in {exc.retry_after} s"}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


api.add_router("/", scoring_router)
api.add_router("/moderation/", moderation_router)

# Mounted with include(): keep the namespace ninja reverses its docs and schema URLs in.
urlpatterns, app_name = api.urls[0], "api"
