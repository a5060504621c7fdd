"""Desk page cursors are checked for shape and type, on the pages and in the API (issue 14, item 8).

A cursor is base64 JSON the server wrote ([priority, id] or [time, id]); anything else a visitor
hand-crafts (wrong types, huge numbers, naive times, deep nesting) is a broken link: the HTML desk
shows the start of the queue with a message, the API answers 400 with a JSON error.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.moderation.conftest import held
from thoughtful.moderation import selectors
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _cursor(values: Any) -> str:
    raw = values if isinstance(values, bytes) else json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


WRONG = [
    ["high", 1],
    [1, "one"],
    [{"a": 1}, 1],
    [[1], 1],
    [None, 1],
    [1.5, 1],
    [True, 1],
    [1, 10**30],
    [10**30, 1],
    [1, -1],
    ["2026-01-01T00:00:00+00:00", {"id": 1}],
]
WRONG_TIME = [
    [1, 1],
    ["yesterday", 1],
    ["2026-01-01T00:00:00", 1],  # naive: whose midnight?
    [["2026-01-01"], 1],
    ["2026-01-01T00:00:00+00:00", "1"],
    ["9" * 5000, 1],
]
NOT_A_LIST = [b"[" * 5000 + b"]" * 5000, b'"\\ud800"', b"1" + b"0" * 5000, b"{}"]


@pytest.fixture
def desk(moderator: User, essay: Essay, commenter: User) -> Client:
    for n in range(3):
        held(essay, commenter, f"Comment number {n}.")
    client = Client(raise_request_exception=False)
    client.force_login(moderator)
    return client


def _cases() -> list[tuple[str, str]]:
    cases = [("priority", _cursor(v)) for v in WRONG]
    cases += [("time", _cursor(v)) for v in WRONG_TIME + WRONG]
    cases += [(sort, _cursor(v)) for v in NOT_A_LIST for sort in ("priority", "time")]
    cases += [("priority", "A" * 5000)]
    return cases


def test_the_html_desk_shows_the_start_with_a_message(desk: Client) -> None:
    url = reverse("moderation:queue", kwargs={"name": "held"})
    for sort, cursor in _cases():
        response = desk.get(url, {"sort": sort, "after": cursor})
        assert response.status_code == 200, (sort, cursor[:40], response.status_code)
        assert "That page link is broken" in response.content.decode(), (sort, cursor[:40])


def test_the_api_answers_400_with_a_json_error(desk: Client) -> None:
    for sort, cursor in _cases():
        response = desk.get("/api/v1/moderation/queues/held", {"sort": sort, "after": cursor})
        assert response.status_code == 400, (sort, cursor[:40], response.status_code)
        assert "page link is broken" in response.json()["detail"]


def test_cursors_the_server_writes_still_page_through(
    moderator: User, essay: Essay, commenter: User
) -> None:
    for n in range(5):
        held(essay, commenter, f"Comment number {n}.")
    for sort in ("priority", "time"):
        filters = selectors.Filters(sort=sort)
        first = selectors.queue_page("held", filters=filters, page_size=3)
        assert first.next_cursor
        second = selectors.queue_page(
            "held", filters=filters, cursor=first.next_cursor, page_size=3
        )
        assert len(first.cards) + len(second.cards) == 5
