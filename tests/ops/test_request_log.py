"""One JSON log line per request, with its time, and never a query string (issue 12)."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from tests.factories import UserFactory


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "thoughtful.request"]


@pytest.mark.django_db
def test_each_request_logs_one_json_line(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="thoughtful.request")
    person = UserFactory()
    client.force_login(person)
    client.get("/healthz?key=AIzaSECRET-never-logged")
    client.get("/no-such-page/")
    first, second = _lines(caplog)
    assert first["path"] == "/healthz" and first["status"] == 200
    assert first["user"] == person.pk and first["method"] == "GET"
    assert isinstance(first["ms"], float) and first["ms"] >= 0
    assert isinstance(first["cpu_ms"], float)
    assert second["status"] == 404
    assert "AIzaSECRET" not in caplog.text
