"""People over the API: a public profile with the contribution score, and /me."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import assert_error, bearer, token_for
from tests.factories import UserFactory
from thoughtful.standing.models import Standing

pytestmark = pytest.mark.django_db


def test_a_profile_shows_what_the_author_page_shows(client: Client) -> None:
    ada = UserFactory(username="ada", display_name="Ada L.", bio="Writes about grief.")
    Standing.objects.create(
        person=ada, score=215, parts={"essays": 2, "comments": 3, "reads": 0, "thoughtful": 0}
    )
    body = client.get("/api/v1/people/ada").json()
    assert body["name"] == "Ada L." and body["bio"] == "Writes about grief."
    assert body["contribution"] == 215 and body["url"] == "/people/ada/"
    assert "email" not in body
    contribution = client.get("/api/v1/people/ada/contribution").json()
    assert contribution["score"] == 215
    assert contribution["parts"]["essays"] == 2 and contribution["parts"]["comments"] == 3
    assert contribution["weights"]["essays"] == 100


def test_inactive_and_unknown_people_are_404s(client: Client) -> None:
    UserFactory(username="gone", is_active=False)
    for url in ("/api/v1/people/gone", "/api/v1/people/nobody/contribution"):
        assert_error(client.get(url), 404, "not_found")


def test_me_needs_credentials_and_the_read_scope(client: Client) -> None:
    assert_error(client.get("/api/v1/me"), 401, "not_authenticated")
    ada = UserFactory(username="ada")
    client.force_login(ada)
    session = client.get("/api/v1/me").json()
    assert session["username"] == "ada" and session["token"] is None
    assert session["scopes"] == ["moderate", "read", "write"]  # the person's permissions rule
    raw = token_for(ada, "write")
    assert_error(Client().get("/api/v1/me", **bearer(raw)), 403, "scope")
