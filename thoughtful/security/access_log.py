"""gunicorn's access log without API keys (issue 10): `make run` starts gunicorn with
`--logger-class thoughtful.security.access_log.RedactingLogger`.

Its format stays gunicorn's default (request line, status, size, referer, user agent), so the
log reads as before; only the value of a key-like query parameter is replaced, in the request
line (`%(r)s`), the query (`%(q)s`) and the referer (`%(f)s`), and headers that carry keys
(`%({x-goog-api-key}i)s`) are blanked whatever the format asks for.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from thoughtful.security.redact import REDACTED, SECRET_HEADERS, redact


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if name[:1] == "{" and name.endswith("}i") and name[1:-2] in SECRET_HEADERS:
                atoms[name] = REDACTED
            elif isinstance(value, str):
                atoms[name] = redact(value)
        return atoms
