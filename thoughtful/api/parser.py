"""The API's request bodies go through thoughtful.security.json, like the Perspective endpoint.

Ninja's own parser is `json.loads`: a lone surrogate or a NUL reached our code (a 500 on
`.encode()` or on PostgreSQL), and a deep or huge-number body was refused with no reason.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from thoughtful.security import json as untrusted_json


class UntrustedJSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return untrusted_json.loads(request.body)


def explain_parse_errors(api: NinjaAPI) -> None:
    """Ninja answers any parser failure with a bare "Cannot parse request body" (400); say why
    when the reason is ours to give (MalformedJSON messages are written for the sender)."""

    # Typed loosely: ninja's handler type also admits the exception class itself.
    def http_error(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, HttpError)
        detail = str(exc)
        if (
            isinstance(exc.__cause__, untrusted_json.MalformedJSON)
            and str(exc.__cause__) not in detail
        ):
            detail = f"{detail}: {exc.__cause__}"
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    api.add_exception_handler(HttpError, http_error)
