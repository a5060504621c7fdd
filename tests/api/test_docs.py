"""The API documents itself from our own server: schema and docs page, no CDN."""

from __future__ import annotations

import re

from django.test import Client


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
