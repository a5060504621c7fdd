"""Schemathesis over our own OpenAPI schema (issue 14): no server errors, answers as documented.

In process (the WSGI app, no socket, no network), a short deterministic run: a few dozen
generated requests per operation, valid and invalid, from the same seed on every run. Requests
carry a real API key, a moderator's session and a CSRF token, so they get past authentication
and reach the code under each route. Checked: no 5xx, every status code and content type is one
the schema declares, and bodies match the declared response schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.moderation import selectors
from thoughtful.scoring.keys import create_api_key
from thoughtful.wsgi import application

CSRF_SECRET = "schemathesisCsrfSecret0123456789"  # 32 letters and digits, as Django's are
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _one_connection() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across WSGI requests: the
    handler would otherwise close it after each one, as Django's own test client avoids."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(db: None, _one_connection: None) -> dict[str, Any]:
    moderator = make_moderator("maya")
    essay = EssayFactory()
    for n in range(3):
        held(essay, UserFactory(username=f"writer{n}"), f"Held comment {n}.")
    comment_ids = [
        held(essay, UserFactory(username=f"held{n}"), f"Another held comment {n}.").pk
        for n in range(10)
    ]
    browser = Client()
    browser.force_login(moderator)
    _, raw_key = create_api_key(name="schemathesis", rate_limit_per_minute=100_000)
    return {
        "headers": {"X-Api-Key": raw_key, "X-CSRFToken": CSRF_SECRET},
        "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": CSRF_SECRET},
        "comment_ids": comment_ids,
    }


# Loaded when the module is collected (the schema view reads no database). Not through
# schemathesis.pytest.from_fixture: its lazy loader breaks on pytest 9 (no Node._nodeid).
def _steer(generated: Any, real: list[Any]) -> Any:
    """Three cases in four get a real value (chosen by the generated one, so runs repeat)."""
    key = sum(str(generated).encode("utf-8", "replace"))
    return generated if key % 4 == 3 else real[key % len(real)]


with override_settings(API_DOCS="public"):  # whatever the environment says about the docs
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,  # the same examples on every run: CI failures reproduce
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case: schemathesis.Case, credentials: dict[str, Any]) -> None:
    # Random ids and queue names are all 404s: point most cases at real ones, so the code
    # behind them (a decision's database write, a queue page) runs with generated input.
    params = case.path_parameters or {}
    if "comment_id" in params:
        params["comment_id"] = _steer(params["comment_id"], credentials["comment_ids"])
    if "name" in params:
        params["name"] = _steer(params["name"], list(selectors.COMMENT_QUEUES))
    case.call_and_validate(
        headers=credentials["headers"], cookies=credentials["cookies"], checks=CHECKS
    )
