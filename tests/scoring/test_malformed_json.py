"""Malformed JSON to the scorer is a 400 with a JSON error body, never a 500 (issue 14, item 8).

Both endpoints parse bodies with thoughtful.security.json: a lone surrogate ("\\ud800", which no
UTF-8 text can hold), nesting deeper than a real request needs, and numbers too long to be a
score threshold are refused before any code looks at the payload.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.scoring.test_http import ANALYZE, SCORE
from thoughtful.scoring.models import ApiKey

pytestmark = pytest.mark.django_db

SURROGATE_TEXT = b'{"text": "caf\\ud800"}'
DEEP = b"[" * 100_000 + b"]" * 100_000
LONG_NUMBER = b"1" + b"0" * 4999


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


def _perspective(text: bytes = b'"hello"', threshold: bytes = b"0.5") -> bytes:
    return (
        b'{"comment": {"text": ' + text + b'}, "requestedAttributes": {"TOXICITY": '
        b'{"scoreThreshold": ' + threshold + b"}}}"
    )


def _analyze(client: Client, key: str, body: bytes) -> Any:
    return client.post(f"{ANALYZE}?key={key}", data=body, content_type="application/json")


def _score(client: Client, key: str, body: bytes) -> Any:
    return client.post(SCORE, data=body, content_type="application/json", HTTP_X_API_KEY=key)


def _assert_perspective_400(response: Any, words: str) -> None:
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert words in error["message"]


def test_perspective_refuses_a_lone_surrogate(visitor: Client, api_key: tuple[ApiKey, str]) -> None:
    response = _analyze(visitor, api_key[1], _perspective(text=b'"caf\\ud800"'))
    _assert_perspective_400(response, "surrogate")


def test_perspective_refuses_deep_nesting(visitor: Client, api_key: tuple[ApiKey, str]) -> None:
    _assert_perspective_400(_analyze(visitor, api_key[1], DEEP), "deep")
    nested = _perspective(text=b'"x", "extra": ' + b"[" * 1000 + b"]" * 1000)
    _assert_perspective_400(_analyze(visitor, api_key[1], nested), "deep")


def test_perspective_refuses_a_5000_digit_number(
    visitor: Client, api_key: tuple[ApiKey, str]
) -> None:
    response = _analyze(visitor, api_key[1], _perspective(threshold=LONG_NUMBER))
    _assert_perspective_400(response, "number")
    response = _analyze(visitor, api_key[1], _perspective(threshold=b"0." + b"5" * 5000))
    _assert_perspective_400(response, "number")


def test_perspective_still_scores_ordinary_unicode(
    visitor: Client, api_key: tuple[ApiKey, str]
) -> None:
    # A real astral character arrives as a surrogate *pair*, which is fine.
    body = _perspective(text=b'"caf\\u00e9 \\ud83d\\ude00"', threshold=b"0")
    response = _analyze(visitor, api_key[1], body)
    assert response.status_code == 200
    # Span offsets count UTF-16 code units (issue 10): "café " is 5, the emoji 2.
    assert response.json()["attributeScores"]["TOXICITY"]["spanScores"][0]["end"] == 7


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (SURROGATE_TEXT, "surrogate"),
        (DEEP, "deep"),
        (b'{"text": "x", "n": ' + LONG_NUMBER + b"}", "number"),
        (b'{"text": "a\\u0000b"}', "NUL"),
        (b'{"text": NaN}', "NaN"),
    ],
)
def test_score_api_refuses_malformed_json(
    visitor: Client, api_key: tuple[ApiKey, str], body: bytes, words: str
) -> None:
    response = _score(visitor, api_key[1], body)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_score_api_still_scores_ordinary_unicode(
    visitor: Client, api_key: tuple[ApiKey, str]
) -> None:
    response = _score(visitor, api_key[1], b'{"text": "caf\\u00e9 \\ud83d\\ude00"}')
    assert response.status_code == 200
