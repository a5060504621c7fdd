"""One error shape for the whole API (issue 13):

    {"error": {"code": "not_found", "message": "Not Found"}, "detail": "Not Found"}

`error.code` is a stable, machine-readable word; `error.message` is written for people.
`detail` repeats the message (a list of field errors for a 422) because the first API clients
(/api/v1/score, the moderation API) read it, and they keep working. Some errors add a field of
their own beside `error` (the nudge its text and token, a 429 nothing but its Retry-After header).

Routes raise `ApiError`; everything else that fails (ninja's 401/404/422, a refused CSRF check,
Django's PermissionDenied and ValidationError from the actions) is given its code on the way out
by `with_error_codes`, so no answer escapes without one. The Perspective-compatible endpoint is
not a ninja route and keeps Google's error shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

DEFAULT_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    """Every error answer; routes document it under their 4xx statuses."""

    error: ErrorBody
    detail: Any = None


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}


def _message_of(detail: Any, status: int) -> str:
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        first = detail[0]
        where = ".".join(str(part) for part in first.get("loc", []))
        return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))
    return {404: "Not Found", 401: "Unauthorized"}.get(status, "Request refused")


def shaped(data: Any, status: int) -> Any:
    """`data` with the `error` object added, when it is an error answer without one."""
    if status < 400 or not isinstance(data, dict) or "error" in data:
        return data
    detail = data.get("detail")
    message = _message_of(detail, status)
    code = DEFAULT_CODES.get(status, "error")
    if status == 403 and isinstance(detail, str) and "CSRF" in detail:
        code = "csrf_failed"
    return {"error": {"code": code, "message": message}, **data}


def error_response(api: NinjaAPI, request: HttpRequest, exc: ApiError) -> HttpResponse:
    body = {
        "error": {"code": exc.code, "message": exc.message},
        "detail": exc.message,
        **exc.extra,
    }
    response = api.create_response(request, body, status=exc.status)
    for name, value in exc.headers.items():
        response[name] = value
    return response


def install(api: NinjaAPI) -> None:
    """The handlers for what the actions raise, in the one shape."""

    # Typed loosely: ninja's handler type also admits the exception class itself.
    def api_error(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, ApiError)
        return error_response(api, request, exc)

    def permission_denied(request: HttpRequest, exc: object) -> HttpResponse:
        message = str(exc) or "You don't have permission to do that."
        return error_response(api, request, ApiError(403, "forbidden", message))

    def invalid(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, DjangoValidationError)
        code = getattr(exc, "code", None) or "invalid"
        return error_response(api, request, ApiError(422, str(code), exc.messages[0]))

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(DjangoValidationError, invalid)
