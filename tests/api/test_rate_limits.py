"""Per-caller rate limits: each token its own, 429 with Retry-After, in the one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import assert_error, bearer, token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_token_has_its_own_limit(settings: Any) -> None:
    settings.API_TOKEN_RATE_LIMIT = 3
    ada = UserFactory(username="ada")
    first, second = token_for(ada, "read"), token_for(ada, "read")
    for _ in range(3):
        assert Client().get("/api/v1/me", **bearer(first)).status_code == 200
    limited = Client().get("/api/v1/me", **bearer(first))
    assert_error(limited, 429, "rate_limited")
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert Client().get("/api/v1/me", **bearer(second)).status_code == 200


def test_sessions_and_anonymous_callers_are_limited_too(settings: Any, client: Client) -> None:
    settings.API_ANONYMOUS_RATE_LIMIT = 2
    settings.API_SESSION_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get("/api/v1/essays").status_code == 200
    assert_error(client.get("/api/v1/essays"), 429, "rate_limited")
    client.force_login(UserFactory(username="ada"))
    for _ in range(2):
        assert client.get("/api/v1/essays").status_code == 200
    assert int(client.get("/api/v1/essays")["Retry-After"]) > 0
