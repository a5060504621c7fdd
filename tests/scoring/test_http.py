from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from thoughtful.scoring.keys import hash_key
from thoughtful.scoring.models import ApiKey
from thoughtful.scoring.scorer import ATTRIBUTES

ANALYZE = "/v1alpha1/comments:analyze"
SCORE = "/api/v1/score"


def analyze(client: Client, body: Any, key: str | None, raw: bool = False) -> Any:
    url = ANALYZE + (f"?key={key}" if key is not None else "")
    data = body if raw else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def perspective_body(text: str = "You are an idiot", **attrs: Any) -> dict[str, Any]:
    return {
        "comment": {"text": text},
        "requestedAttributes": attrs or {"TOXICITY": {}, "INSULT": {}},
        "languages": ["en"],
        "doNotStore": True,
    }


def assert_error(response: Any, code: int, status: str) -> None:
    assert response.status_code == code
    err = response.json()["error"]
    assert err["code"] == code
    assert err["status"] == status
    assert err["message"]


@pytest.mark.django_db
def test_perspective_success(client: Client, api_key: tuple[ApiKey, str]) -> None:
    r = analyze(client, perspective_body(), api_key[1])
    assert r.status_code == 200
    body = r.json()
    assert set(body["attributeScores"]) == {"TOXICITY", "INSULT"}
    for score in body["attributeScores"].values():
        assert score["summaryScore"]["type"] == "PROBABILITY"
        assert 0.0 <= score["summaryScore"]["value"] <= 1.0
    assert body["languages"] == ["en"]


@pytest.mark.django_db
def test_perspective_all_attributes_and_threshold(
    client: Client, api_key: tuple[ApiKey, str]
) -> None:
    attrs = {a.upper(): {} for a in ATTRIBUTES}
    r = analyze(client, perspective_body("Lovely essay", **attrs), api_key[1])
    assert set(r.json()["attributeScores"]) == set(attrs)
    r = analyze(
        client, perspective_body("Lovely essay", TOXICITY={"scoreThreshold": 0.99}), api_key[1]
    )
    assert r.json()["attributeScores"] == {}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["toxicity", "NOT_AN_ATTRIBUTE"])
def test_perspective_unknown_attribute(
    client: Client, api_key: tuple[ApiKey, str], name: str
) -> None:
    r = analyze(client, perspective_body(**{name: {}}), api_key[1])
    assert_error(r, 400, "INVALID_ARGUMENT")
    assert r.json()["error"]["message"] == f"Unknown requested attribute: {name}"
    assert r.json()["error"]["details"][0]["errorType"] == "INVALID_REQUEST"


@pytest.mark.django_db
def test_perspective_keys(client: Client, api_key: tuple[ApiKey, str]) -> None:
    """No key is 403 PERMISSION_DENIED; a wrong or revoked key is 400 API_KEY_INVALID, as
    Google answers it."""
    assert_error(analyze(client, perspective_body(), None), 403, "PERMISSION_DENIED")
    wrong = analyze(client, perspective_body(), "tk_wrong")
    ApiKey.objects.filter(pk=api_key[0].pk).update(revoked=True)
    revoked = analyze(client, perspective_body(), api_key[1])
    for r in (wrong, revoked):
        assert_error(r, 400, "INVALID_ARGUMENT")
        assert r.json()["error"]["message"] == "API key not valid. Please pass a valid API key."
        assert r.json()["error"]["details"][0]["reason"] == "API_KEY_INVALID"


@pytest.mark.django_db
def test_perspective_bad_requests(client: Client, api_key: tuple[ApiKey, str]) -> None:
    key = api_key[1]
    assert_error(analyze(client, "{nope", key, raw=True), 400, "INVALID_ARGUMENT")
    assert_error(analyze(client, {"comment": {}}, key), 400, "INVALID_ARGUMENT")
    assert_error(analyze(client, {"comment": {"text": "x"}}, key), 400, "INVALID_ARGUMENT")
    body = perspective_body("x" * (20 * 1024 + 1))
    r = analyze(client, body, key)
    assert_error(r, 400, "INVALID_ARGUMENT")
    assert r.json()["error"]["message"] == "Comment text too long."
    assert r.json()["error"]["details"][0]["errorType"] == "COMMENT_TOO_LONG"
    assert analyze(client, perspective_body("x" * (20 * 1024)), key).status_code == 200
    body = perspective_body()
    body["languages"] = ["de"]
    r = analyze(client, body, key)
    assert_error(r, 400, "INVALID_ARGUMENT")
    assert r.json()["error"]["details"][0]["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert client.get(ANALYZE + f"?key={key}").status_code == 405


@pytest.mark.django_db
def test_perspective_rate_limit(client: Client, api_key: tuple[ApiKey, str]) -> None:
    ApiKey.objects.filter(pk=api_key[0].pk).update(rate_limit_per_minute=3)
    codes = [analyze(client, perspective_body(), api_key[1]).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert_error(analyze(client, perspective_body(), api_key[1]), 429, "RESOURCE_EXHAUSTED")


@pytest.mark.django_db
def test_score_api_with_key(client: Client, api_key: tuple[ApiKey, str]) -> None:
    r = client.post(
        SCORE,
        {"text": "You are a pathetic loser"},
        content_type="application/json",
        headers={"X-Api-Key": api_key[1]},
    )
    assert r.status_code == 200
    body = r.json()
    assert set(body["attributes"]) == set(ATTRIBUTES)
    assert body["model"].startswith("thoughtful-linear")
    r = client.post(SCORE + f"?key={api_key[1]}", {"text": "hi"}, content_type="application/json")
    assert r.status_code == 200


@pytest.mark.django_db
def test_score_api_auth_and_limits(client: Client, api_key: tuple[ApiKey, str]) -> None:
    post = lambda body, **kw: client.post(SCORE, body, content_type="application/json", **kw)  # noqa: E731
    assert post({"text": "hi"}).status_code == 401
    assert post({"text": "hi"}, headers={"X-Api-Key": "tk_wrong"}).status_code == 401
    headers = {"X-Api-Key": api_key[1]}
    r = post({"text": "x" * (20 * 1024 + 1)}, headers=headers)
    assert r.status_code == 400
    assert "20 KB" in r.json()["detail"]
    assert post("{nope", headers=headers).status_code in (400, 422)
    assert post({"txt": "hi"}, headers=headers).status_code == 422
    ApiKey.objects.filter(pk=api_key[0].pk).update(rate_limit_per_minute=1)
    assert post({"text": "x"}, headers=headers).status_code == 429


@pytest.mark.django_db
def test_score_api_with_session(client: Client) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="reader", password="pw-123-long-x")
    client.force_login(user)
    r = client.post(SCORE, {"text": "hello"}, content_type="application/json")
    assert r.status_code == 200


def test_score_api_is_documented() -> None:
    from thoughtful.api.urls import api

    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    op = spec["paths"]["/api/v1/score"]["post"]
    assert {200, 400, 429} <= {int(code) for code in op["responses"]}


@pytest.mark.django_db
def test_create_api_key_command(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_api_key", "discourse", "--rate-limit", "30")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    key = ApiKey.objects.get(name="discourse")
    assert key.key_hash == hash_key(raw)
    assert raw not in {key.key_hash, key.prefix}
    assert raw.startswith(key.prefix)
    assert key.rate_limit_per_minute == 30


@pytest.mark.django_db
def test_keys_are_hashed_at_rest(api_key: tuple[ApiKey, str]) -> None:
    key, raw = api_key
    stored = ApiKey.objects.values_list("key_hash", "prefix").get(pk=key.pk)
    assert raw not in stored
    assert len(stored[0]) == 64


@pytest.mark.django_db
def test_admin_add_shows_key_once(admin_client: Client) -> None:
    r = admin_client.post(
        "/admin/scoring/apikey/add/",
        {"name": "talk", "rate_limit_per_minute": 60},
        follow=True,
    )
    assert r.status_code == 200
    key = ApiKey.objects.get(name="talk")
    messages = [str(m) for m in r.context["messages"]]
    raw = next(m.split(": ", 1)[1].split(" ")[0] for m in messages if "New API key" in m)
    assert key.key_hash == hash_key(raw)


@pytest.mark.django_db
def test_span_annotations_score_each_sentence_in_utf16_offsets(
    client: Client, api_key: tuple[ApiKey, str]
) -> None:
    text = "Thank you for writing this 🙏. You are a pathetic idiot and everyone hates you."
    body = {**perspective_body(text, INSULT={}), "spanAnnotations": True}
    spans = analyze(client, body, api_key[1]).json()["attributeScores"]["INSULT"]["spanScores"]
    assert len(spans) == 2
    kind, hostile = spans
    assert kind["begin"] == 0 and hostile["end"] == len(text.encode("utf-16-le")) // 2
    assert hostile["begin"] == kind["end"] + 1 or hostile["begin"] >= kind["end"]
    assert hostile["score"]["value"] > kind["score"]["value"] + 0.3
    plain = analyze(client, perspective_body(text, INSULT={}), api_key[1]).json()
    assert len(plain["attributeScores"]["INSULT"]["spanScores"]) == 1  # one span unless asked
