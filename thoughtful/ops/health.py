"""Health endpoints for load balancers and supervisors (issue 12).

/healthz: the process answers (no database, no cache: a liveness probe must not restart a web
process because PostgreSQL blinked). /readyz: can this process serve? Database and scoring model
must work (else 503); the cache and the task queue are reported (Redis down is degraded, not
down: the fallback cache answers; a queue lag is the worker's problem, not this process's).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> dict[str, Any]:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _cache() -> dict[str, Any]:
    backend = getattr(cache, "is_down", None)
    cache.set("readyz", "1", 10)
    ok = cache.get("readyz") == "1"
    degraded = bool(backend) if backend is not None else False
    return {"ok": ok, "degraded": degraded}


def _model() -> dict[str, Any]:
    from thoughtful.scoring.scorer import get_scorer

    scorer = get_scorer()
    return {"ok": True, "version": scorer.version}


def _queue() -> dict[str, Any]:
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    return {"ok": True, "ready": ready.count(), "running": running, "lag_seconds": round(lag, 1)}


CHECKS = {"database": (_database, True), "model": (_model, True), "cache": (_cache, False)}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    report: dict[str, Any] = {}
    ready = True
    for name, (check, required) in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # any failure is the answer, never a 500
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
        if required and not report[name]["ok"]:
            ready = False
    if report["database"]["ok"]:
        try:
            report["queue"] = _queue()
        except Exception as exc:
            report["queue"] = {"ok": False, "error": f"{type(exc).__name__}"}
    report["status"] = "ready" if ready else "unavailable"
    return JsonResponse(report, status=200 if ready else 503)
