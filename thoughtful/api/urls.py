from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from thoughtful.api import comments, errors, essays, people, workflow
from thoughtful.api.docs import docs_access
from thoughtful.api.openapi import DocumentedAPI
from thoughtful.api.parser import UntrustedJSONParser, explain_parse_errors
from thoughtful.moderation.api import router as moderation_router
from thoughtful.scoring.api import router as scoring_router
from thoughtful.security.throttle import Throttled

api = DocumentedAPI(
    title="thoughtful API",
    version="1",
    description=(
        "JSON API over the same actions the pages use. Public reads need no credentials; "
        "everything else takes a personal access token (`Authorization: Bearer thp_…`, made "
        "under /account/tokens/, scopes read / write / moderate) or the site's session with "
        'its CSRF token. Errors: `{"error": {"code", "message"}, "detail"}`. Lists page '
        "by cursor (`next_cursor` → `after`). Over the rate limit: 429 with Retry-After."
    ),
    urls_namespace="api",
    parser=UntrustedJSONParser(),
    docs_decorator=docs_access,  # settings.API_DOCS: public, staff or off
)
explain_parse_errors(api)
errors.install(api)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """An address that failed too often (sign-in, API keys, tokens: one throttle, issue 14)."""
    response = api.create_response(
        request,
        {
            "error": {"code": "throttled", "message": "Too many failed attempts."},
            "detail": f"too many failed attempts; retry in {exc.retry_after} s",
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


api.add_router("/", scoring_router)
api.add_router("/moderation/", moderation_router)
api.add_router("/", essays.router)
api.add_router("/", comments.router)
api.add_router("/", people.router)
api.add_router("/", workflow.router)

# Mounted with include(): keep the namespace ninja reverses its docs and schema URLs in.
urlpatterns, app_name = api.urls[0], "api"
