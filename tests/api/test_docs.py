"""The API documents itself from our own server: schema and docs page, no CDN."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory


def test_openapi_schema_lists_the_score_endpoint(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/score" in response.json()["paths"]


def test_docs_page_loads_assets_locally(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.findall(r'(?:src|href)="https?://', html)


# --- who may read them: settings.API_DOCS (issue 14, item 10) ---------------------------------

DOCS_URLS = ("/api/v1/docs", "/api/v1/openapi.json")


@pytest.mark.django_db
def test_docs_are_public_when_api_docs_is_public(client: Client, settings: Any) -> None:
    settings.API_DOCS = "public"
    for url in DOCS_URLS:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_docs_are_for_staff_when_api_docs_is_staff(client: Client, settings: Any) -> None:
    settings.API_DOCS = "staff"
    for url in DOCS_URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"], url
    client.force_login(UserFactory(username="reader"))
    for url in DOCS_URLS:
        assert client.get(url).status_code == 403, url
    client.force_login(UserFactory(username="staffer", is_staff=True))
    for url in DOCS_URLS:
        assert client.get(url).status_code == 200, url
    # The API itself is unaffected.
    scored = client.post("/api/v1/score", {"text": "hi"}, content_type="application/json")
    assert scored.status_code == 200


@pytest.mark.django_db
def test_docs_are_gone_when_api_docs_is_off(client: Client, settings: Any) -> None:
    settings.API_DOCS = "off"
    client.force_login(UserFactory(username="staffer", is_staff=True))
    for url in DOCS_URLS:
        assert client.get(url).status_code == 404, url


def test_production_defaults_to_staff_and_a_bad_value_stops_start_up() -> None:
    env = {
        **os.environ,
        "DEPLOYMENT": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
    }
    env.pop("API_DOCS", None)
    code = "from django.conf import settings; print(settings.API_DOCS)"
    shown = _settings_run(code, env)
    assert shown.returncode == 0 and shown.stdout.strip() == "staff", shown.stderr
    dev = {k: v for k, v in os.environ.items() if k not in ("DEPLOYMENT", "API_DOCS")}
    assert _settings_run(code, dev).stdout.strip() == "public"
    broken = _settings_run(code, {**env, "API_DOCS": "everyone"})
    assert broken.returncode == 2 and "API_DOCS" in broken.stderr


def _settings_run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env={**env, "DJANGO_SETTINGS_MODULE": "thoughtful.settings"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_schema_documents_every_answer_once(client: Client) -> None:
    """The schema adds 400/401/403/422 to every operation (thoughtful/api/openapi.py) without
    repeating a status a route declares: Swagger UI refuses a duplicated key."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicated keys: {keys}"
        return dict(pairs)

    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "422"} <= codes, (method, path)
            if operation.get("security"):
                assert {"401", "403", "429"} <= codes, (method, path)
