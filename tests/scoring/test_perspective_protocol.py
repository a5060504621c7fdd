"""The Perspective endpoint answers as Google's Comment Analyzer does (issue 10): its error
shapes and errorTypes, SEVERE_TOXICITY, unsupported attributes and dropUnsupportedAttributes,
language detection, suggestscore, the discovery document, and JSON on every path it owns."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from thoughtful.scoring import views
from thoughtful.scoring.models import ApiKey
from thoughtful.scoring.perspective import ERROR_INFO, ERROR_TYPE, HOSTILE
from thoughtful.scoring.scorer import get_scorer

pytestmark = pytest.mark.django_db

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"
DISCOVERY = "/$discovery/rest?version=v1alpha1"
GERMAN = "Das ist ein wirklich schrecklicher Artikel und du bist ein Idiot"


def post(client: Client, path: str, body: Any, key: str | None) -> Any:
    url = path + (f"?key={key}" if key else "")
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def body(text: str = "You are a pathetic idiot", *attrs: str, **extra: Any) -> dict[str, Any]:
    return {
        "comment": {"text": text},
        "requestedAttributes": {a: {} for a in attrs or ("TOXICITY",)},
        **extra,
    }


def error(response: Any, code: int = 400) -> dict[str, Any]:
    assert response.status_code == code
    assert response["Content-Type"] == "application/json"
    err = response.json()["error"]
    assert err["code"] == code
    return err


def error_type(response: Any) -> str:
    detail = error(response)["details"][0]
    assert detail["@type"] == ERROR_TYPE
    return detail["errorType"]


@pytest.fixture
def key(api_key: tuple[ApiKey, str]) -> str:
    return api_key[1]


@pytest.mark.parametrize(
    ("payload", "expected", "message"),
    [
        (body(""), "COMMENT_EMPTY", "Comment must be non-empty."),
        (body("   \n"), "COMMENT_EMPTY", "Comment must be non-empty."),
        ({"requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY", "Comment must be non-empty."),
        (body("x" * 20481), "COMMENT_TOO_LONG", "Comment text too long."),
        ({"comment": {"text": "hi"}}, "NO_REQUESTED_ATTRIBUTES", "Missing requested_attributes"),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {}},
            "NO_REQUESTED_ATTRIBUTES",
            "Missing requested_attributes",
        ),
        (body("hi", "TOXIC"), "INVALID_REQUEST", "Unknown requested attribute: TOXIC"),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "RAW"}}},
            "INVALID_REQUEST",
            "Requested score type RAW is not supported by attribute TOXICITY",
        ),
        (
            {
                "comment": {"text": "<b>hi</b>", "type": "HTML"},
                "requestedAttributes": {"TOXICITY": {}},
            },
            "INVALID_REQUEST",
            "Currently, only 'PLAIN_TEXT' comments are supported",
        ),
        (body("12345 !!!"), "LANGUAGE_DETECTION_FAILED", "Unable to detect language"),
    ],
)
def test_errors_carry_perspectives_error_type_and_message(
    client: Client, key: str, payload: dict[str, Any], expected: str, message: str
) -> None:
    response = post(client, ANALYZE, payload, key)
    assert error_type(response) == expected
    assert error(response)["message"] == message
    assert error(response)["status"] == "INVALID_ARGUMENT"


def test_a_bad_key_is_400_api_key_invalid_and_no_key_is_403(client: Client) -> None:
    err = error(post(client, ANALYZE, body(), "tk_not_a_key"))
    assert err["status"] == "INVALID_ARGUMENT"
    assert err["message"] == "API key not valid. Please pass a valid API key."
    assert err["details"] == [
        {
            "@type": ERROR_INFO,
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "commentanalyzer.googleapis.com"},
        }
    ]
    assert error(post(client, ANALYZE, body(), None), 403)["status"] == "PERMISSION_DENIED"


def test_malformed_json_is_a_field_violation(client: Client, key: str) -> None:
    err = error(post(client, ANALYZE, b"{nope", key))
    assert err["message"].startswith("Invalid JSON payload received.")
    assert err["details"][0]["@type"] == "type.googleapis.com/google.rpc.BadRequest"


def test_severe_toxicity_is_toxicity_that_is_hostile(client: Client, key: str) -> None:
    """SEVERE_TOXICITY = min(toxicity, strongest hostile attribute): never above toxicity, and
    low for a warm comment that only swears."""
    for text in ("You are a pathetic idiot", "This is fucking brilliant, thank you so much"):
        response = post(client, ANALYZE, body(text, "TOXICITY", "SEVERE_TOXICITY"), key)
        assert response.status_code == 200
        got = {k: v["summaryScore"]["value"] for k, v in response.json()["attributeScores"].items()}
        scores = get_scorer().score(text)
        hostile = max(scores[a] for a in HOSTILE if a in scores)
        assert got["SEVERE_TOXICITY"] == pytest.approx(min(scores["toxicity"], hostile), abs=1e-4)
        assert got["SEVERE_TOXICITY"] <= got["TOXICITY"]
    warm = post(
        client,
        ANALYZE,
        body("This is fucking brilliant, thank you so much", "SEVERE_TOXICITY"),
        key,
    )
    assert warm.json()["attributeScores"]["SEVERE_TOXICITY"]["summaryScore"]["value"] < 0.2


@pytest.mark.parametrize(
    "name", ["SEXUALLY_EXPLICIT", "FLIRTATION", "SPAM", "TOXICITY_EXPERIMENTAL"]
)
def test_attributes_we_cannot_score_are_unsupported_for_the_language(
    client: Client, key: str, name: str
) -> None:
    response = post(client, ANALYZE, body("Hello there, lovely essay", "TOXICITY", name), key)
    assert error_type(response) == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    err = error(response)
    assert err["message"] == f"Attribute {name} does not support request languages: en"
    assert err["details"][0]["languageNotSupportedByAttributeError"] == {
        "attribute": name,
        "detectedLanguages": ["en"],
    }
    dropped = post(
        client,
        ANALYZE,
        body("Hello there, lovely essay", "TOXICITY", name, dropUnsupportedAttributes=True),
        key,
    )
    assert dropped.status_code == 200
    assert set(dropped.json()["attributeScores"]) == {"TOXICITY"}


def test_languages_are_detected_and_mirrored(client: Client, key: str) -> None:
    english = post(client, ANALYZE, body("Thank you for writing this, it helped me"), key).json()
    assert english["languages"] == ["en"]
    assert english["detectedLanguages"][0] == "en"
    short = post(client, ANALYZE, body("ok"), key).json()  # too short to place: English
    assert short["languages"] == ["en"]
    given = post(client, ANALYZE, body("Thank you", languages=["en-US"]), key).json()
    assert given["languages"] == ["en-US"]
    numbers = post(client, ANALYZE, body("12345", languages=["en"]), key)
    assert numbers.status_code == 200  # a named language needs no detection
    assert numbers.json()["detectedLanguages"] == []


def test_another_language_is_refused_or_dropped(client: Client, key: str) -> None:
    response = post(client, ANALYZE, body(GERMAN, "TOXICITY", "INSULT"), key)
    assert error_type(response) == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert error(response)["message"] == "Attribute TOXICITY does not support request languages: de"
    detail = error(response)["details"][0]["languageNotSupportedByAttributeError"]
    assert detail["detectedLanguages"][0] == "de"
    dropped = post(client, ANALYZE, body(GERMAN, dropUnsupportedAttributes=True), key).json()
    assert dropped["attributeScores"] == {}
    assert dropped["languages"] == ["de"]
    assert dropped["detectedLanguages"][0] == "de"
    named = post(client, ANALYZE, body("Thank you", languages=["en", "fr"]), key)
    assert (
        error(named)["message"] == "Attribute TOXICITY does not support request languages: en, fr"
    )
    assert error(named)["details"][0]["languageNotSupportedByAttributeError"][
        "requestedLanguages"
    ] == ["en", "fr"]


def test_client_token_threshold_and_utf16_spans(client: Client, key: str) -> None:
    text = "Thank you 🙏 for this"
    payload = body(text, "TOXICITY", "INSULT", clientToken="comment:42", spanAnnotations=True)
    payload["requestedAttributes"]["INSULT"] = {"scoreThreshold": 0.99}
    answer = post(client, ANALYZE, payload, key).json()
    assert answer["clientToken"] == "comment:42"
    assert set(answer["attributeScores"]) == {"TOXICITY"}  # INSULT under its threshold
    span = answer["attributeScores"]["TOXICITY"]["spanScores"][0]
    assert (span["begin"], span["end"]) == (0, len(text) + 1)  # the emoji is 2 UTF-16 units


def test_suggestscore_answers_as_google_does(client: Client, key: str) -> None:
    suggestion = {
        "comment": {"text": "You are a pathetic idiot"},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
        "languages": ["en"],
        "communityId": "Coral:https://magazine.example",
        "clientToken": "comment:c-42",
    }
    answer = post(client, SUGGEST, suggestion, key)
    assert answer.status_code == 200
    assert answer.json() == {
        "clientToken": "comment:c-42",
        "detectedLanguages": ["en"],
        "requestedLanguages": ["en"],
    }
    spans = {"INSULT": {"spanScores": [{"begin": 0, "end": 9, "score": {"value": 0.9}}]}}
    assert post(client, SUGGEST, {**suggestion, "attributeScores": spans}, key).status_code == 200
    no_begin = {"INSULT": {"spanScores": [{"score": {"value": 0.9}}]}}
    assert error_type(post(client, SUGGEST, {**suggestion, "attributeScores": no_begin}, key)) == (
        "INVALID_REQUEST"
    )
    assert error_type(post(client, SUGGEST, {**suggestion, "attributeScores": {}}, key)) == (
        "INVALID_REQUEST"
    )
    empty = {**suggestion, "comment": {"text": ""}}
    assert error_type(post(client, SUGGEST, empty, key)) == "COMMENT_EMPTY"
    assert error(post(client, SUGGEST, suggestion, "tk_wrong"))["details"][0]["reason"] == (
        "API_KEY_INVALID"
    )


def test_discovery_document(client: Client, key: str) -> None:
    doc = client.get(DISCOVERY).json()
    assert doc["rootUrl"] == "http://testserver/"
    assert doc["servicePath"] == ""
    assert (doc["name"], doc["version"]) == ("commentanalyzer", "v1alpha1")
    methods = doc["resources"]["comments"]["methods"]
    assert methods["analyze"]["id"] == "commentanalyzer.comments.analyze"
    assert methods["analyze"]["path"] == "v1alpha1/comments:analyze"
    assert methods["suggestscore"]["id"] == "commentanalyzer.comments.suggestscore"
    assert methods["suggestscore"]["request"] == {"$ref": "SuggestCommentScoreRequest"}
    assert client.get(DISCOVERY + f"&key={key}").status_code == 200
    assert error(client.get(DISCOVERY + "&key=tk_wrong"))["details"][0]["reason"] == (
        "API_KEY_INVALID"
    )
    assert error(client.get("/$discovery/rest?version=v2"), 404)["status"] == "NOT_FOUND"
    assert error(client.post(DISCOVERY), 405)["status"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize(
    "path",
    ["/v1alpha1", "/v1alpha1/", "/v1alpha1/comments:nope", "/v1alpha1/a/b?key=x", "/$discovery/x"],
)
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_unknown_paths_answer_json_404(client: Client, path: str, method: str) -> None:
    assert error(getattr(client, method)(path), 404)["status"] == "NOT_FOUND"


@pytest.mark.parametrize("path", [ANALYZE, SUGGEST])
@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_wrong_methods_answer_json_405(client: Client, key: str, path: str, method: str) -> None:
    response = getattr(client, method)(f"{path}?key={key}")
    assert error(response, 405)["status"] == "METHOD_NOT_ALLOWED"
    assert response["Allow"] == "POST"


def test_a_failure_is_json_500_and_the_key_is_not_logged(
    key: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("model file vanished")

    monkeypatch.setattr(views, "get_scorer", broken)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = post(client, ANALYZE, body(), key)
    assert error(response, 500)["status"] == "INTERNAL"
    assert "model file vanished" not in response.content.decode()
    assert any("model file vanished" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    assert caplog.records
    assert not [r for r in caplog.records if key in r.getMessage()]
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_foreign_host_header_still_gets_json(key: str) -> None:
    """Behind a proxy that forwards Google's host name unchanged, Django refuses the Host
    header before routing; the answer is still JSON, not the site's 400 page."""
    client = Client(HTTP_HOST="commentanalyzer.googleapis.com", raise_request_exception=False)
    response = post(client, ANALYZE, body(), key)
    assert error(response)["status"] == "INVALID_ARGUMENT"
    page = client.get("/")
    assert page.status_code == 400
    assert "application/json" not in page["Content-Type"]


def test_a_nul_in_the_address_is_json_even_for_a_browser(key: str) -> None:
    client = Client(HTTP_ACCEPT="text/html")
    response = client.post(f"{ANALYZE}?key={key}%00", data=b"{}", content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_the_key_may_come_in_the_x_goog_api_key_header(client: Client, key: str) -> None:
    response = client.post(
        ANALYZE, data=json.dumps(body()), content_type="application/json", HTTP_X_GOOG_API_KEY=key
    )
    assert response.status_code == 200
    assert "TOXICITY" in response.json()["attributeScores"]
