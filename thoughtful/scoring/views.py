"""The Perspective-compatible endpoint: POST /v1alpha1/comments:analyze?key=KEY."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from thoughtful.scoring import keys
from thoughtful.scoring.perspective import PerspectiveError, build_response, parse_request
from thoughtful.scoring.scorer import get_scorer
from thoughtful.security import json as untrusted_json
from thoughtful.security.client import client_ip
from thoughtful.security.throttle import Throttled


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


@csrf_exempt  # authenticated by API key, never by cookie, so there is no CSRF to forge
def analyze(request: HttpRequest) -> JsonResponse:
    try:
        if request.method != "POST":
            raise PerspectiveError(405, "Method not allowed; use POST.")
        raw_key = request.GET.get("key") or request.headers.get("X-Goog-Api-Key")
        if not raw_key:
            raise PerspectiveError(
                403, "The request is missing a valid API key. Pass it as ?key=KEY."
            )
        try:
            api_key = keys.authenticate(raw_key, client_ip=client_ip(request))
        except Throttled as exc:
            return _throttled(exc)
        if api_key is None:
            raise PerspectiveError(403, "API key not valid. Please pass a valid API key.")
        if keys.key_over_limit(api_key):
            raise PerspectiveError(
                429,
                f"Quota exceeded: {api_key.rate_limit_per_minute} requests per minute "
                "for this API key.",
            )
        try:
            payload = untrusted_json.loads(request.body)
        except untrusted_json.MalformedJSON as exc:
            raise PerspectiveError(400, f"Invalid JSON payload received. {exc}") from None
        parsed = parse_request(payload)
    except PerspectiveError as exc:
        response = _error(exc)
        if exc.code == 405:
            response["Allow"] = "POST"
        return response
    scores = (
        get_scorer().score(parsed.text)
        if parsed.text.strip()
        else dict.fromkeys(get_scorer().attributes, 0.0)
    )
    return JsonResponse(build_response(parsed, scores))
