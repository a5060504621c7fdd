"""gunicorn settings for `make run` and production: `gunicorn -c python:thoughtful.ops.gunicorn_conf
thoughtful.wsgi:application`. Environment: BIND (or PORT), WEB_WORKERS, WEB_THREADS."""

from __future__ import annotations

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# Load Django and the toxicity model once, before forking: the workers share the model's pages
# (copy on write) instead of each loading its own copy on its first post (issue 12).
preload_app = True
os.environ.setdefault("THOUGHTFUL_PRELOAD_MODEL", "1")
# A master killed with -9 leaves workers holding the socket; with SO_REUSEPORT the restarted
# master binds at once (the supervisor also kills the orphans' process group).
reuse_port = True
graceful_timeout = 20
timeout = 30
# Django logs one JSON line per request (thoughtful/ops/request_log.py); ACCESS_LOG=1 adds
# gunicorn's own line. %(U)s is the path without its query string: an API key passed as
# ?key=... never reaches the access log.
accesslog = "-" if os.environ.get("ACCESS_LOG") == "1" else None
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus "%(a)s"'
# Belt and braces: the logger class also replaces any key=... left in a line (issue 10).
logger_class = "thoughtful.security.access_log.RedactingLogger"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
