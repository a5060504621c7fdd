"""API keys out of the logs (issue 10).

Perspective's clients send their key in the query string (`?key=...`, Google's convention), and
our own API accepts it there too, so any log line that prints a URL would print a secret:
Django's development server logs the request line, gunicorn's access log prints `%(r)s`.
`redact` replaces the value of every key-like query parameter; `RedactKeysFilter` applies it to
log records (settings.LOGGING puts it on the console handler, which django.server uses too) and
thoughtful.security.access_log applies it to gunicorn's access log.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
# key=, api_key=, apikey=, access_token=, oauth_token= in a query string (raw or in a full URL).
_KEY_PARAM = re.compile(
    r"(?P<name>(?:^|[?&;\s])(?:key|api_?key|access_token|oauth_token)=)[^&;#\s\"']+", re.I
)
# Request headers that carry a key (gunicorn's %({header}i)s atoms).
SECRET_HEADERS = frozenset({"x-goog-api-key", "x-api-key", "authorization", "cookie"})


def redact(text: str) -> str:
    return _KEY_PARAM.sub(lambda m: m.group("name") + REDACTED, text)


class RedactKeysFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem to report, not ours
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
