"""API keys and Perspective keys share the sign-in throttle (issue 14, item 2): from an address
that failed too often, even a valid key is refused with 429 and Retry-After, and failures on any
path count on every other."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from thoughtful.scoring.models import ApiKey

pytestmark = pytest.mark.django_db

ANALYZE = "/v1alpha1/comments:analyze"
SCORE = "/api/v1/score"
BODY = {"comment": {"text": "Thank you"}, "requestedAttributes": {"TOXICITY": {}}}


def call(client: Client, path: str, key: str) -> Any:
    if path == "perspective":
        return client.post(
            f"{ANALYZE}?key={key}", json.dumps(BODY), content_type="application/json"
        )
    if path == "header":
        return client.post(
            SCORE,
            json.dumps({"text": "hi"}),
            content_type="application/json",
            HTTP_X_API_KEY=key,
        )
    return client.post(
        f"{SCORE}?key={key}", json.dumps({"text": "hi"}), content_type="application/json"
    )


@pytest.mark.parametrize("path", ["perspective", "header", "query"])
def test_bad_keys_then_the_right_key_is_refused(path: str, api_key: tuple[ApiKey, str]) -> None:
    client = Client()
    assert call(client, path, api_key[1]).status_code == 200
    for n in range(5):
        assert call(client, path, f"tk_guess{n}").status_code in (400, 401)
    refused = call(client, path, api_key[1])
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 900
    if path == "perspective":
        assert refused.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    # Another address is not affected.
    assert call(Client(REMOTE_ADDR="192.0.2.9"), path, api_key[1]).status_code == 200


def test_key_failures_count_for_the_sign_in_form(api_key: tuple[ApiKey, str]) -> None:
    UserFactory(username="ana")
    client = Client()
    for n in range(3):
        call(client, "perspective", f"tk_guess{n}")
    for n in range(2):
        call(client, "header", f"tk_guess{n}")
    response = client.post(reverse("people:sign-in"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429


def test_admin_failures_count_for_api_keys(api_key: tuple[ApiKey, str]) -> None:
    client = Client()
    for n in range(5):
        client.post("/admin/login/", {"username": f"root{n}", "password": "x", "next": "/admin/"})
    assert call(client, "perspective", api_key[1]).status_code == 429
    assert call(client, "query", api_key[1]).status_code == 429


def test_a_missing_key_is_not_a_failure(api_key: tuple[ApiKey, str]) -> None:
    """A signed-in reader calling the API by session sends no key: that is no failed attempt."""
    client = Client()
    client.force_login(UserFactory())
    for _ in range(8):
        response = client.post(SCORE, json.dumps({"text": "hi"}), content_type="application/json")
        assert response.status_code == 200
