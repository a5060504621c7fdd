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

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

_DETAIL = {"$ref": "#/components/schemas/ErrorOut"}
_ERROR_OUT = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
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
        }
    },
    "required": ["detail"],
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
    "429": _json("Too Many Requests: this address failed to authenticate too often", _DETAIL),
}


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ErrorOut", _ERROR_OUT)
        schemas.setdefault("ValidationErrorOut", _VALIDATION_ERROR)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                declared = {str(code) for code in responses}  # ninja's keys are ints
                extra = {**COMMON, **(SECURED if operation.get("security") else {})}
                for code, response in extra.items():
                    if code not in declared:
                        responses[int(code)] = response
        return schema
