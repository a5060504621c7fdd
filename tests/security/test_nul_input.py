"""A NUL anywhere in a request is a clear 400, never a 500 (issue 14, item 8).

PostgreSQL refuses NUL in strings, so before the fix `/people/a%00b/` answered 500 to any
anonymous visitor there. The rule lives in one middleware (thoughtful/security/middleware.py) so
a new view cannot forget it; these tests run on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor() -> Client:
    # Let a server error come back as a response, so the test sees the status a browser would.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "path",
    [
        "/people/a\x00b/",
        "/people/a%00b/",
        "/feeds/people/a\x00b/rss/",
        "/feeds/people/a%00b/atom/",
    ],
)
def test_nul_in_a_path_is_a_400(visitor: Client, path: str) -> None:
    UserFactory(username="ab")
    response = visitor.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_nul_in_a_query_string_is_a_400(visitor: Client) -> None:
    EssayFactory(slug="an-essay")
    assert visitor.get("/search/?q=a%00b").status_code == 400
    assert visitor.get("/search/", {"q\x00": "x"}).status_code == 400


def test_nul_in_the_desk_filters_is_a_400(visitor: Client) -> None:
    visitor.force_login(make_moderator("maya"))
    queue = reverse("moderation:queue", kwargs={"name": "held"})
    assert visitor.get(queue, {"essay": "x\x00y"}).status_code == 400
    assert visitor.get(queue, {"commenter": "cal\x00"}).status_code == 400
    assert visitor.get(queue + "?essay=x%00y&commenter=cal%00").status_code == 400
    # The same filters without the NUL still work.
    assert visitor.get(queue, {"essay": "xy", "commenter": "cal"}).status_code == 200


def test_nul_in_a_form_field_is_the_forms_message_and_saves_nothing(visitor: Client) -> None:
    """Form fields are the forms' job: the writer is told and keeps their text (see
    tests/security/test_text.py); nothing with a NUL reaches the database."""
    person = UserFactory(username="writer", display_name="Writer")
    visitor.force_login(person)
    response = visitor.post(
        reverse("people:profile"), {"display_name": "Wri\x00ter", "bio": "Hello"}
    )
    assert response.status_code in {200, 400}
    assert "U+0000" in response.content.decode()
    person.refresh_from_db()
    assert person.display_name == "Writer"


def test_json_api_callers_get_a_json_error(visitor: Client) -> None:
    response = visitor.get("/api/v1/moderation/queues/held?after=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_ordinary_input_passes(visitor: Client) -> None:
    UserFactory(username="ab")
    assert visitor.get("/people/ab/").status_code == 200
    assert visitor.get("/search/?q=caf%C3%A9+0").status_code == 200


def test_an_unreadable_form_body_is_a_400_in_the_callers_terms(visitor: Client) -> None:
    # Found by schemathesis: multipart without a boundary was Django's HTML 400 to API clients.
    response = visitor.post("/api/v1/score", data=b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "form body could not be read" in response.json()["detail"]
