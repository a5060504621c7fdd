"""API keys never reach a log (issue 10): Django's console handler (which runserver's request
lines now go through) and gunicorn's access log replace key-like query values."""

from __future__ import annotations

import io
import logging
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from thoughtful.security.access_log import RedactingLogger
from thoughtful.security.redact import REDACTED, RedactKeysFilter, redact

KEY = "tk_s3cretS3cretS3cret"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "line",
    [
        f"POST /v1alpha1/comments:analyze?key={KEY} HTTP/1.1",
        f"POST /v1alpha1/comments:analyze?alt=json&key={KEY}",
        f"GET /$discovery/rest?version=v1alpha1&key={KEY}&alt=json",
        f"POST /api/v1/score?api_key={KEY}",
        f"https://commentanalyzer.googleapis.com/v1alpha1/comments:analyze?KEY={KEY}",
        f"access_token={KEY}",
    ],
)
def test_redact_replaces_key_values(line: str) -> None:
    cleaned = redact(line)
    assert KEY not in cleaned
    assert REDACTED in cleaned


def test_redact_leaves_other_parameters_alone() -> None:
    line = "GET /essays/?page=2&monkey=banana&sort=new HTTP/1.1"
    assert redact(line) == line
    assert redact(f"/x?key={KEY}&page=2") == f"/x?key={REDACTED}&page=2"


def test_the_configured_console_handler_redacts_runserver_lines() -> None:
    """settings.LOGGING: django.server (runserver's request log) goes to the console handler,
    which carries the filter; the line is logged as runserver logs it."""
    server = logging.getLogger("django.server")
    assert server.handlers and not server.propagate
    handler = server.handlers[0]
    assert any(isinstance(f, RedactKeysFilter) for f in handler.filters)
    assert handler in logging.getLogger().handlers
    stream = io.StringIO()
    # Swapped without setStream(), which flushes the old stream first: a test that re-runs
    # django.setup() while pytest captures output leaves the console handler on a closed file.
    original, handler.stream = handler.stream, stream  # type: ignore[attr-defined]
    try:
        server.info('"%s" %s %s', f"POST /v1alpha1/comments:analyze?key={KEY} HTTP/1.1", 200, 406)
        logging.getLogger("thoughtful.anything").warning("called %s", f"/api/v1/score?key={KEY}")
    finally:
        handler.stream = original  # type: ignore[attr-defined]
    written = stream.getvalue()
    assert "comments:analyze?key=[redacted]" in written
    assert "/api/v1/score?key=[redacted]" in written
    assert KEY not in written


def test_gunicorn_access_log_omits_the_key(tmp_path: Path) -> None:
    cfg = Config()
    log_file = tmp_path / "access.log"
    cfg.set("accesslog", str(log_file))
    cfg.set("access_log_format", cfg.access_log_format + ' "%({x-goog-api-key}i)s" %(q)s')
    log = RedactingLogger(cfg)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/v1alpha1/comments:analyze?key={KEY}&alt=json",
        "PATH_INFO": "/v1alpha1/comments:analyze",
        "QUERY_STRING": f"key={KEY}&alt=json",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://forum.example/admin?key={KEY}",
        "HTTP_USER_AGENT": "Discourse/3.4.0",
    }
    request = SimpleNamespace(headers=[("X-GOOG-API-KEY", KEY), ("ACCEPT", "*/*")])
    response = SimpleNamespace(status="200 OK", sent=406, headers=[])
    log.access(response, request, environ, timedelta(milliseconds=12))
    for handler in log.access_log.handlers:
        handler.flush()
    line = log_file.read_text()
    assert "POST /v1alpha1/comments:analyze?key=[redacted]&alt=json HTTP/1.1" in line
    assert " 200 406 " in line
    assert "Discourse/3.4.0" in line
    assert KEY not in line


def test_make_run_uses_the_redacting_logger() -> None:
    # make run -> deploy/Procfile -> gunicorn with thoughtful/ops/gunicorn_conf.py
    procfile = (ROOT / "deploy" / "Procfile").read_text()
    assert "python:thoughtful.ops.gunicorn_conf" in procfile
    from thoughtful.ops import gunicorn_conf

    assert gunicorn_conf.logger_class == "thoughtful.security.access_log.RedactingLogger"
    assert "%(U)s" in gunicorn_conf.access_log_format  # the path, without its query string
