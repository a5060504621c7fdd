"""One structured (JSON) log line per request, with its time (issue 12).

The path is logged without its query string, so an API key sent as `?key=` never reaches a log;
the signed-in person is logged by id only.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("thoughtful.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        cpu = time.thread_time()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            logger.info(
                json.dumps(
                    {
                        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                        "method": request.method,
                        "path": request.path,
                        "view": match.view_name if match else None,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                        "cpu_ms": round((time.thread_time() - cpu) * 1000, 2),
                        "user": user.pk if user is not None and user.is_authenticated else None,
                        "bytes": len(response.content) if not response.streaming else None,
                    },
                    separators=(",", ":"),
                )
            )
        return response
