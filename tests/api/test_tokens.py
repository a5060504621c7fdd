"""Personal access tokens: made on the account page (shown once, stored hashed), scoped,
revocable, and every failure counted by the one sign-in throttle."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import assert_error, bearer, token_for
from tests.factories import UserFactory
from thoughtful.tokens.models import AccessToken

pytestmark = pytest.mark.django_db


def test_the_account_page_makes_a_token_shown_once_and_stores_only_its_hash(
    client: Client,
) -> None:
    person = UserFactory(username="ada")
    client.force_login(person)
    page = client.get("/account/tokens/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    made = client.post("/account/tokens/", {"name": "reading list", "scopes": ["read", "write"]})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    raw = re.search(r"thp_[\w-]+", made.content.decode())
    assert raw is not None
    token = AccessToken.objects.get(owner=person)
    assert token.scopes == "read write" and token.name == "reading list"
    assert token.secret_hash == hashlib.sha256(raw.group(0).encode()).hexdigest()
    assert raw.group(0) not in token.secret_hash
    again = client.get("/account/tokens/").content.decode()
    assert raw.group(0) not in again and token.prefix in again
    me = Client().get("/api/v1/me", **bearer(raw.group(0)))
    assert me.status_code == 200
    assert me.json()["username"] == "ada" and me.json()["scopes"] == ["read", "write"]
    assert me.json()["token"] == "reading list"


def test_a_token_needs_a_name_and_a_scope(client: Client) -> None:
    client.force_login(UserFactory(username="ada"))
    response = client.post("/account/tokens/", {"name": "", "scopes": []})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_strangers_are_sent_to_sign_in_and_revoking_needs_csrf(client: Client) -> None:
    response = client.get("/account/tokens/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
    person = UserFactory(username="ada")
    token_for(person, "read")
    token = AccessToken.objects.get()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    assert strict.post(f"/account/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_revoked_token_is_refused(client: Client) -> None:
    person = UserFactory(username="ada")
    raw = token_for(person, "read")
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    client.force_login(person)
    token = AccessToken.objects.get()
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_error(Client().get("/api/v1/me", **bearer(raw)), 401, "not_authenticated")


def test_nobody_revokes_another_persons_token(client: Client) -> None:
    token_for(UserFactory(username="ada"), "read")
    token = AccessToken.objects.get()
    client.force_login(UserFactory(username="eve"))
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_of_a_deactivated_account_stops_working() -> None:
    person = UserFactory(username="ada")
    raw = token_for(person, "read")
    person.is_active = False
    person.save()
    assert_error(Client().get("/api/v1/me", **bearer(raw)), 401, "not_authenticated")


def test_wrong_tokens_count_in_the_one_throttle(settings: Any) -> None:
    """A wrong token is a failed sign-in: after LOGIN_FAILURE_LIMIT of them this address is
    refused, even with a good token, until the window passes (issue 14's one throttle)."""
    settings.LOGIN_FAILURE_LIMIT = 3
    good = token_for(UserFactory(username="ada"), "read")
    caller = Client()
    for _ in range(3):
        assert_error(caller.get("/api/v1/me", **bearer("thp_wrong")), 401, "not_authenticated")
    refused = assert_error(caller.get("/api/v1/me", **bearer(good)), 429, "throttled")
    assert int(refused["detail"].split("retry in ")[1].split()[0]) > 0
    assert int(caller.get("/api/v1/me", **bearer(good))["Retry-After"]) > 0
    # The site's sign-in form is throttled for this address too.
    page = caller.post("/account/sign-in/", {"username": "ada", "password": "whatever"})
    assert page.status_code in (200, 400, 429)
    assert "Too many" in page.content.decode() or page.status_code == 429


def test_scopes_limit_what_a_token_does(fixed_scorer: Any) -> None:
    from tests.factories import CommentFactory, EssayFactory

    person = UserFactory(username="ada")
    comment = CommentFactory(essay=EssayFactory())
    reader = token_for(person, "read")
    response = Client().post(
        f"/api/v1/comments/{comment.pk}/thoughtful",
        content_type="application/json",
        **bearer(reader),
    )
    assert_error(response, 403, "scope")
    writer = token_for(person, "write")
    response = Client().post(
        f"/api/v1/comments/{comment.pk}/thoughtful",
        content_type="application/json",
        **bearer(writer),
    )
    assert response.status_code == 200 and response.json() == {"reacted": True, "count": 1}
    assert_error(Client().get("/api/v1/me", **bearer(writer)), 403, "scope")


def test_the_admin_lists_and_revokes_tokens_without_showing_secrets(client: Client) -> None:
    raw = token_for(UserFactory(username="ada"), "read")
    token = AccessToken.objects.get()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get("/admin/tokens/accesstoken/")
    assert listing.status_code == 200 and token.prefix in listing.content.decode()
    assert raw not in listing.content.decode()
    assert client.get("/admin/tokens/accesstoken/add/").status_code == 403
    done = client.post(
        "/admin/tokens/accesstoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_moderation_api_takes_a_moderators_moderate_token() -> None:
    from tests.moderation.conftest import make_moderator

    moderator = make_moderator("maya")
    url = "/api/v1/moderation/queues/held"
    assert Client().get(url, **bearer(token_for(moderator, "moderate"))).status_code == 200
    assert_error(Client().get(url, **bearer(token_for(moderator, "read", "write"))), 403, "scope")
    reader = UserFactory(username="rita")
    assert_error(Client().get(url, **bearer(token_for(reader, "moderate"))), 403, "forbidden")


def test_create_token_command_prints_a_working_token() -> None:
    from io import StringIO

    from django.core.management import call_command

    UserFactory(username="ada")
    out = StringIO()
    call_command("create_token", "ada", "--name", "curl", "--scope", "read", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("thp_")
    assert Client().get("/api/v1/me", **bearer(raw)).json()["token"] == "curl"
