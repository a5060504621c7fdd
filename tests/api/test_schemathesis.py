"""Schemathesis over our own OpenAPI schema (issue 14): no server errors, answers as documented.

In process (the WSGI app, no socket, no network), a short deterministic run: a few dozen
generated requests per operation, valid and invalid, from the same seed on every run. Each
request goes as one of five callers, chosen by the generated case (so runs repeat): a
moderator-and-editor's session with its CSRF token, that person's personal access token of each
scope (read, write, moderate), or nobody; scorer routes also get a real API key. So requests get
past authentication and reach the code under each route, and the refusals are exercised too.
Checked: no 5xx, every status code and content type is one the schema declares, and bodies match
the declared response schemas.
"""

from __future__ import annotations

import itertools
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

from tests.factories import CommentFactory, EssayFactory, TagFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.moderation import selectors
from thoughtful.people import actions as people_actions
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay
from thoughtful.scoring.keys import create_api_key
from thoughtful.tokens.actions import create_token
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
def credentials(db: None, _one_connection: None, settings: Any) -> dict[str, Any]:
    # The per-caller limits are tested in tests/api/test_rate_limits.py; here they'd only
    # turn most of the run into 429s.
    settings.API_TOKEN_RATE_LIMIT = settings.API_SESSION_RATE_LIMIT = 100_000
    settings.API_ANONYMOUS_RATE_LIMIT = 100_000
    # Schemathesis sends made-up tokens too: each is a failed sign-in, and after a few the
    # one throttle would refuse this address everything (tests/api/test_tokens.py checks it).
    settings.LOGIN_FAILURE_LIMIT = 100_000
    # Twenty people are made for each operation: Argon2 for each made setup 20 s an operation.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    moderator = make_moderator("maya")
    people_actions.grant_role(user=moderator, role=Role.EDITOR)  # the workflow routes too
    tag = TagFactory(name="grief", slug="grief")
    essay = EssayFactory(tags=[tag])
    for n in range(3):
        held(essay, UserFactory(username=f"writer{n}"), f"Held comment {n}.")
    comment_ids = [
        held(essay, UserFactory(username=f"held{n}"), f"Another held comment {n}.").pk
        for n in range(10)
    ]
    comment_ids += [
        CommentFactory(essay=essay, author=UserFactory(username=f"talker{n}")).pk for n in range(5)
    ]
    draft = EssayFactory(author=moderator, status=Essay.Status.SUBMITTED, published_at=None)
    browser = Client()
    browser.force_login(moderator)
    _, raw_key = create_api_key(name="schemathesis", rate_limit_per_minute=100_000)
    session = {
        "headers": {"X-Api-Key": raw_key, "X-CSRFToken": CSRF_SECRET},
        "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": CSRF_SECRET},
    }
    callers = [session, {"headers": {"X-Api-Key": raw_key}, "cookies": {}}]  # and anonymous
    for scope in ("read", "write", "moderate"):
        _, raw = create_token(owner=moderator, name=f"schemathesis {scope}", scopes=[scope])
        callers.append(
            {"headers": {"X-Api-Key": raw_key, "Authorization": f"Bearer {raw}"}, "cookies": {}}
        )
    return {
        "callers": callers,
        "comment_ids": comment_ids,
        "slugs": [essay.slug],
        "usernames": [moderator.username, "talker1"],
        "essay_ids": [draft.pk, essay.pk],
    }


# Loaded when the module is collected (the schema view reads no database). Not through
# schemathesis.pytest.from_fixture: its lazy loader breaks on pytest 9 (no Node._nodeid).
def _steer(generated: Any, real: list[Any]) -> Any:
    """Three cases in four get a real value (chosen by the generated one, so runs repeat)."""
    key = sum(str(generated).encode("utf-8", "replace"))
    return generated if key % 4 == 3 else real[key % len(real)]


_turns = itertools.count()

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
    if "slug" in params:
        slugs = credentials["slugs"] + (["grief"] if "/tags/" in case.path else [])
        params["slug"] = _steer(params["slug"], slugs)
    if "username" in params:
        params["username"] = _steer(params["username"], credentials["usernames"])
    if "pk" in params:
        params["pk"] = _steer(params["pk"], credentials["essay_ids"])
    # Each caller in turn (the same order on every run: the examples are derandomized).
    callers = [*credentials["callers"], {"headers": {}, "cookies": {}}]  # the last is nobody
    caller = callers[next(_turns) % len(callers)]
    case.call_and_validate(headers=caller["headers"], cookies=caller["cookies"], checks=CHECKS)
