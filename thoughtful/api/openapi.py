"""The OpenAPI schema says every answer the API can give (issue 14, schemathesis in CI).

Ninja documents the statuses each route declares, but not the ones that come from around the
route: 422 when a body or parameter fails validation, 401/403 from authentication (and CSRF for
session callers), 429 from the sign-in throttle, 400 from a body we refuse to parse or a NUL in
the request. Schemathesis
checks every answer against the schema, so these are added to every operation here rather than
repeated in each route's `response=`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from thoughtful.api.errors import shaped

_DETAIL = {"$ref": "#/components/schemas/ErrorOut"}
# The one error shape (thoughtful/api/errors.py). Every app's `ErrorOut` is documented as this:
# the answer gets its `error` object in DocumentedAPI.create_response whichever route made it.
_ERROR_BODY = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
    "required": ["code", "message"],
}
_ERROR_OUT = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "error": _ERROR_BODY,
        "detail": {"title": "Detail", "description": "The message again (a list for a 422)"},
    },
    "required": ["error", "detail"],
}
_VALIDATION_ERROR = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
                "required": ["type", "loc", "msg"],
            },
        },
        "error": _ERROR_BODY,
    },
    "required": ["detail", "error"],
}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


COMMON: dict[str, dict[str, Any]] = {
    "400": _json("Bad Request: a body that is not acceptable JSON, or a NUL anywhere", _DETAIL),
    "422": _json(
        "Unprocessable Content: a field is missing or of the wrong type",
        {"$ref": "#/components/schemas/ValidationErrorOut"},
    ),
}
SECURED: dict[str, dict[str, Any]] = {
    "401": _json("Unauthorized: no valid API key or session", _DETAIL),
    "403": _json("Forbidden: a session request without its CSRF token", _DETAIL),
    "429": {
        **_json(
            "Too Many Requests: over the rate limit, or this address failed to authenticate "
            "too often; wait Retry-After seconds",
            _DETAIL,
        ),
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


class DocumentedAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        """Every error answer leaves in the one shape (errors.shaped adds its code)."""
        code = temporal_response.status_code if temporal_response else status
        if code is not None:
            data = shaped(data, code)
        return super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["ErrorOut"] = _ERROR_OUT
        schemas["ValidationErrorOut"] = _VALIDATION_ERROR
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                declared = {str(code) for code in responses}  # ninja's keys are ints
                extra = {**COMMON, **(SECURED if operation.get("security") else {})}
                for code, response in extra.items():
                    if code not in declared:
                        responses[int(code)] = response
        return schema
