"""JSON API: POST /api/v1/score (mounted by thoughtful/api/urls.py).

Who may call it: a signed-in user (session cookie, CSRF-checked like any form) or a holder of
an API key, sent as the `X-Api-Key` header or the `?key=` query parameter. Wrong keys count
in the sign-in throttle (issue 14); a throttled address gets 429 with Retry-After, answered by
the handler for security.throttle.Throttled in thoughtful/api/urls.py. Scoring is cheap but
not free, and an open scorer is an oracle for tuning abuse to slip under it, so it is not
public. Every caller is rate limited per minute: keys by their own limit, users by
SCORING_USER_RATE_LIMIT (default 60).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import APIKeyHeader, APIKeyQuery, SessionAuth

from thoughtful.scoring import keys
from thoughtful.scoring.perspective import MAX_TEXT_BYTES
from thoughtful.scoring.scorer import ATTRIBUTES, get_scorer
from thoughtful.security.client import client_ip

router = Router(tags=["scoring"])


class KeyHeader(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return keys.authenticate(key, client_ip=client_ip(request))


class KeyQuery(APIKeyQuery):
    param_name = "key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return keys.authenticate(key, client_ip=client_ip(request))


class ScoreIn(Schema):
    text: str


class ScoreOut(Schema):
    attributes: dict[str, float]
    model: str


class ErrorOut(Schema):
    detail: str


@router.post(
    "/score",
    auth=[KeyHeader(), KeyQuery(), SessionAuth()],
    response={200: ScoreOut, 400: ErrorOut, 429: ErrorOut},
    summary="Score one comment",
    description=(
        "Calibrated probabilities in [0, 1] for each attribute: "
        + ", ".join(ATTRIBUTES)
        + f". `text` may be at most {MAX_TEXT_BYTES} bytes of UTF-8 (20 KB); longer is a 400. "
        "Authenticate with a session or an API key (`X-Api-Key` header or `?key=`)."
    ),
)
def score(request: HttpRequest, payload: ScoreIn) -> Status[dict[str, Any]]:
    caller = request.auth  # type: ignore[attr-defined]
    if isinstance(caller, keys.ApiKey):
        limited = keys.key_over_limit(caller)
    else:
        limit = getattr(settings, "SCORING_USER_RATE_LIMIT", 60)
        limited = keys.over_limit(f"user:{request.user.pk}", limit)
    if limited:
        return Status(429, {"detail": "rate limit exceeded; try again in a minute"})
    size = len(payload.text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        return Status(
            400, {"detail": f"text is {size} bytes; the limit is {MAX_TEXT_BYTES} (20 KB)"}
        )
    scorer = get_scorer()
    attributes = (
        scorer.score(payload.text) if payload.text.strip() else dict.fromkeys(ATTRIBUTES, 0.0)
    )
    return Status(200, {"attributes": attributes, "model": scorer.version})
