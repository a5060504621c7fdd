"""The Perspective-compatible endpoints (issues 3 and 10), mounted at the site root:

- POST /v1alpha1/comments:analyze?key=KEY
- POST /v1alpha1/comments:suggestscore?key=KEY
- GET  /$discovery/rest?version=v1alpha1 (Google's discovery document; no key needed)

Every answer under /v1alpha1/ and /$discovery/ is JSON in Google's error shape, 404s, 405s,
malformed bodies and unexpected failures included: a Perspective client parses whatever comes
back as JSON, and an HTML page would be its crash, not ours to read. The key arrives in the
query string (as Google's clients send it), so nothing here logs a URL with its query: a
failure is logged by path alone, and its response is marked as logged so Django's request
logger (and an admin e-mail that would print request.GET) does not log it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from thoughtful.scoring import keys, language
from thoughtful.scoring.discovery import VERSION, document
from thoughtful.scoring.models import ApiKey
from thoughtful.scoring.perspective import (
    PerspectiveError,
    bad_key,
    build_response,
    build_suggestion_response,
    parse_request,
    parse_suggestion,
    resolve_languages,
    select_attributes,
)
from thoughtful.scoring.scorer import get_scorer
from thoughtful.scoring.suggestions import store_suggestion
from thoughtful.security import json as untrusted_json
from thoughtful.security.client import client_ip
from thoughtful.security.throttle import Throttled

logger = logging.getLogger(__name__)

View = Callable[[HttpRequest], HttpResponse]


def _error(exc: PerspectiveError) -> JsonResponse:
    return JsonResponse(exc.body(), status=exc.code)


def _throttled(exc: Throttled) -> JsonResponse:
    response = _error(
        PerspectiveError(
            429,
            "Too many requests with invalid API keys from this address; "
            f"retry in {exc.retry_after} seconds.",
        )
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def perspective_json(method: str) -> Callable[[View], View]:
    """Answer only `method`, and answer everything in Perspective's JSON shape."""

    def decorate(view: View) -> View:
        @csrf_exempt  # authenticated by API key, never by cookie: no CSRF to forge
        @wraps(view)
        def wrapped(request: HttpRequest) -> HttpResponse:
            try:
                if request.method != method:
                    response = _error(PerspectiveError(405, f"Method not allowed; use {method}."))
                    response["Allow"] = method
                    return response
                return view(request)
            except PerspectiveError as exc:
                return _error(exc)
            except Throttled as exc:
                return _throttled(exc)
            except Exception:
                logger.exception("Perspective endpoint failed: %s %s", request.method, request.path)
                response = _error(PerspectiveError(500, "Internal error encountered."))
                # Logged above without the query string; keep Django from logging it again.
                response._has_been_logged = True  # type: ignore[attr-defined]
                return response

        return wrapped

    return decorate


def _raw_key(request: HttpRequest) -> str | None:
    return request.GET.get("key") or request.headers.get("X-Goog-Api-Key")


def _authenticate(request: HttpRequest) -> ApiKey:
    raw_key = _raw_key(request)
    if not raw_key:
        raise PerspectiveError(403, "The request is missing a valid API key.")
    api_key = keys.authenticate(raw_key, client_ip=client_ip(request))
    if api_key is None:  # wrong or revoked: Google answers 400 API_KEY_INVALID
        raise bad_key()
    if keys.key_over_limit(api_key):
        raise PerspectiveError(
            429,
            f"Quota exceeded: {api_key.rate_limit_per_minute} requests per minute "
            "for this API key.",
        )
    return api_key


def _payload(request: HttpRequest) -> object:
    try:
        return untrusted_json.loads(request.body)
    except untrusted_json.MalformedJSON as exc:
        raise PerspectiveError(
            400, f"Invalid JSON payload received. {exc}", field_violation=True
        ) from None


@perspective_json("POST")
def analyze(request: HttpRequest) -> HttpResponse:
    _authenticate(request)
    parsed = parse_request(_payload(request))
    languages = resolve_languages(parsed.languages, parsed.text)
    scorer = get_scorer()
    names = select_attributes(parsed, scorer.attributes, languages)
    scores = scorer.score(parsed.text) if names else {}
    spans = scorer.score_spans(parsed.text) if names and parsed.span_annotations else None
    return JsonResponse(build_response(parsed, names, scores, languages, spans))


@perspective_json("POST")
def suggestscore(request: HttpRequest) -> HttpResponse:
    """Accepts a correction as Google does and echoes clientToken; the suggestion is kept as a
    labelled example for `thoughtful model --adapt` (issue 10, scoring/suggestions.py)."""
    _authenticate(request)
    suggestion = parse_suggestion(_payload(request))
    store_suggestion(
        suggestion.text, suggestion.scores, suggestion.client_token, suggestion.languages
    )
    detected = language.detect(suggestion.text).detected
    return JsonResponse(build_suggestion_response(suggestion, detected))


@perspective_json("GET")
def discovery(request: HttpRequest) -> HttpResponse:
    version = request.GET.get("version", VERSION)
    if version != VERSION:
        raise PerspectiveError(404, f"Discovery document not found for API service: {version}")
    # Google checks a key sent with the discovery request (perspective.py relies on this to
    # report a bad key at start-up); no key is fine.
    raw_key = _raw_key(request)
    if raw_key and keys.authenticate(raw_key, client_ip=client_ip(request)) is None:
        raise bad_key()
    return JsonResponse(document(request.build_absolute_uri("/")))


@csrf_exempt
def not_found(request: HttpRequest, rest: str | None = None) -> HttpResponse:
    return _error(PerspectiveError(404, "Method not found."))


def is_perspective_path(path: str) -> bool:
    return path == "/v1alpha1" or path.startswith(("/v1alpha1/", "/$discovery"))


def perspective_json_or(handler: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap one of the site's error handlers (handler400/handler500) so that a failure before
    any view runs, such as a Host header not in ALLOWED_HOSTS, still answers a Perspective path
    in JSON; every other path gets the site's page as before."""

    @wraps(handler)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if is_perspective_path(request.path):
            code = 500 if handler.__name__ == "server_error" else 400
            message = "Internal error encountered." if code == 500 else "Bad request."
            return _error(PerspectiveError(code, message))
        return handler(request, *args, **kwargs)

    return wrapped
