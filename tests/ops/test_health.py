"""/healthz answers while the process lives; /readyz says whether it can serve (issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_part(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ready"
    assert body["database"]["ok"] and body["cache"]["ok"] and body["model"]["ok"]
    assert body["model"]["version"]
    assert body["queue"]["ready"] >= 0 and "lag_seconds" in body["queue"]


def test_readyz_is_503_when_the_model_cannot_load(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thoughtful.scoring import scorer

    def broken() -> None:
        raise scorer.ModelError("model.npz missing")

    monkeypatch.setattr(scorer, "get_scorer", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["model"] == {"ok": False, "error": "ModelError: model.npz missing"}


def test_health_endpoints_refuse_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
