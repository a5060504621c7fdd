"""Shared fixtures for the JSON API's tests: people with tokens of each scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.discussion.conftest import fixed_scorer  # noqa: F401  (shared fixture)
from tests.factories import UserFactory
from thoughtful.people.models import User
from thoughtful.tokens.actions import create_token


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_for(person: User, *scopes: str) -> str:
    _, raw = create_token(owner=person, name=f"test {' '.join(scopes)}", scopes=scopes)
    return raw


@pytest.fixture
def writer(db: None) -> User:
    # An established account: old enough for links and "members only" essays.
    return UserFactory(username="wren", date_joined=timezone.now() - timedelta(days=60))


@pytest.fixture
def api(client: Client) -> Client:
    return client


def post_json(client: Client, url: str, body: Any, **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The one error shape (thoughtful/api/errors.py), with this status and code."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "detail" in body
    return body
