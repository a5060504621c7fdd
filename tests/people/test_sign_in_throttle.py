"""One throttle for every way in, and a lock-out that slows guessing without locking out the
owner (issue 14, items 2 and 5).

Every path is driven through its real URL: the site's sign-in form, Django admin's login, the
emailed sign-in link. The API key paths are in tests/scoring/test_key_throttle.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from thoughtful.people.actions import grant_role
from thoughtful.people.models import User
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("people:sign-in")
ADMIN_LOGIN = "/admin/login/?next=/admin/"
PROXY = "10.0.0.5"
LOCKED = "its password alone no longer signs in"


def site(client: Client, username: str, password: str, **meta: Any) -> Any:
    return client.post(SIGN_IN, {"username": username, "password": password}, **meta)


def admin(client: Client, username: str, password: str, **meta: Any) -> Any:
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"}, **meta
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def behind_proxy(client_address: str) -> dict[str, str]:
    """What a request looks like after a trusted proxy forwarded it."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def from_address(address: str) -> dict[str, str]:
    return {"REMOTE_ADDR": address}


def fail_from_many_addresses(username: str, times: int = 5) -> None:
    """Guessing spread over many addresses: each address stays under its own limit, so only the
    per-account counter sees all of it."""
    for n in range(times):
        response = site(Client(), username, f"guess-{n}", **from_address(f"198.51.100.{n + 1}"))
        assert response.status_code == 200
        assert not signed_in(Client())


def error_text(response: Any) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


@pytest.fixture
def owner() -> User:
    return UserFactory(username="owner", email="owner@example.org")


@pytest.fixture
def moderator() -> User:
    person = UserFactory(username="mod", is_staff=True)
    grant_role(user=person, role=Role.MODERATOR)
    return person


# --- item 2: one throttle for every path -------------------------------------------------------


def test_site_form_refuses_the_right_password_with_429_and_retry_after(owner: User) -> None:
    client = Client()
    for _ in range(5):
        assert site(client, "someone-else", "wrong").status_code == 200
    response = site(client, "owner", PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "Too many failed sign-in attempts" in error_text(response)
    assert not signed_in(client)


@pytest.mark.parametrize("who", ["admin", "moderator"])
def test_admin_login_refuses_the_right_password_after_failures(who: str, moderator: User) -> None:
    staff = (
        moderator
        if who == "moderator"
        else UserFactory(username="root", is_staff=True, is_superuser=True)
    )
    client = Client()
    for _ in range(25):
        response = admin(client, staff.username, "wrong")
        assert response.status_code == 200
    response = admin(client, staff.username, PASSWORD)
    assert response.status_code == 200, "the admin's login answers with the form error"
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_admin_failures_count_for_the_site_form(owner: User) -> None:
    client = Client()
    for n in range(5):
        admin(client, f"nobody-{n}", "wrong")
    response = site(client, "owner", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_site_failures_count_for_the_admin(moderator: User) -> None:
    client = Client()
    for n in range(5):
        site(client, f"nobody-{n}", "wrong")
    response = admin(client, "mod", PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)


def test_a_throttled_address_is_answered_before_the_password_is_checked(owner: User) -> None:
    """Even the owner's own password from a throttled address: refused, nothing checked, and no
    sign-in link sent (a throttled attempt proves nothing)."""
    client = Client()
    for _ in range(5):
        site(client, "owner", "wrong")
    assert site(client, "owner", PASSWORD).status_code == 429
    assert mail.outbox == []


# --- item 5: the client address behind a trusted proxy --------------------------------------------


def test_two_clients_behind_a_trusted_proxy_are_throttled_separately(
    settings: Any, owner: User
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker, neighbour = Client(), Client()
    for n in range(5):
        site(attacker, f"nobody-{n}", "wrong", **behind_proxy("203.0.113.7"))
    assert site(attacker, "owner", PASSWORD, **behind_proxy("203.0.113.7")).status_code == 429
    # Another person behind the same proxy is not the attacker.
    response = site(neighbour, "owner", PASSWORD, **behind_proxy("203.0.113.8"))
    assert response.status_code == 302
    assert signed_in(neighbour)


def test_the_rightmost_untrusted_entry_is_the_client(settings: Any, owner: User) -> None:
    """The client may write anything on the left of X-Forwarded-For; a fresh fake entry each time
    does not give it a fresh address."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker = Client()
    for n in range(5):
        forwarded = f"192.0.2.{n + 1}, 203.0.113.7"
        site(attacker, f"nobody-{n}", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    response = site(
        attacker,
        "owner",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    assert response.status_code == 429


@pytest.mark.parametrize("proxies", [[], ["10.0.0.0/8"]])
def test_an_untrusted_x_forwarded_for_is_ignored(
    settings: Any, owner: User, proxies: list[str]
) -> None:
    """Sent straight to us (REMOTE_ADDR not a trusted proxy), X-Forwarded-For is the client's own
    invention: rotating it does not escape the throttle."""
    settings.TRUSTED_PROXIES = proxies
    attacker = Client()
    for n in range(5):
        site(
            attacker,
            f"nobody-{n}",
            "wrong",
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"10.0.0.9, 192.0.2.{n + 1}",
        )
    response = site(
        attacker, "owner", PASSWORD, REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="192.0.2.77"
    )
    assert response.status_code == 429


# --- item 5: the per-account lock slows guessing, never locks out the owner -----------------------


def test_guesses_from_many_addresses_never_sign_in_even_with_the_right_password(
    owner: User,
) -> None:
    fail_from_many_addresses("owner", times=5)
    attacker = Client()
    response = site(attacker, "owner", PASSWORD, **from_address("192.0.2.200"))
    assert not signed_in(attacker)
    assert LOCKED in error_text(response)
    # A wrong guess, a right one, and an account that does not exist read exactly the same.
    wrong = site(Client(), "owner", "still-guessing", **from_address("192.0.2.201"))
    fail_from_many_addresses("no-such-person", times=5)
    nobody = site(Client(), "no-such-person", PASSWORD, **from_address("192.0.2.202"))
    assert error_text(response) == error_text(wrong) == error_text(nobody)
    assert response.status_code == wrong.status_code == nobody.status_code


def test_the_owner_on_a_known_device_signs_in_despite_the_attackers_failures(
    owner: User,
) -> None:
    browser = Client()
    assert site(browser, "owner", PASSWORD).status_code == 302
    browser.post(reverse("people:sign-out"))
    fail_from_many_addresses("owner", times=8)
    response = site(browser, "owner", PASSWORD)
    assert response.status_code == 302
    assert signed_in(browser)
    # The attacker is still locked out: the owner's sign-in did not lift the lock for everyone.
    attacker = Client()
    site(attacker, "owner", PASSWORD, **from_address("192.0.2.200"))
    assert not signed_in(attacker)


def test_a_known_device_for_another_account_or_a_forged_cookie_does_not_help(
    owner: User,
) -> None:
    UserFactory(username="mallory")
    attacker = Client()
    assert site(attacker, "mallory", PASSWORD).status_code == 302
    attacker.post(reverse("people:sign-out"))
    fail_from_many_addresses("owner", times=5)
    site(attacker, "owner", PASSWORD)
    assert not signed_in(attacker)
    forged = Client()
    forged.cookies["known_device"] = "owner"
    site(forged, "owner", PASSWORD, **from_address("192.0.2.210"))
    assert not signed_in(forged)


def test_the_owner_on_a_new_device_gets_a_one_time_link_that_lifts_the_lock(
    owner: User,
) -> None:
    fail_from_many_addresses("owner", times=5)
    new_laptop = Client()
    response = site(new_laptop, "owner", PASSWORD, **from_address("192.0.2.30"))
    assert not signed_in(new_laptop)
    assert LOCKED in error_text(response)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.org"]
    link = re.search(r"https?://\S+(/account/sign-in/link/\S+/)", mail.outbox[0].body)
    assert link is not None
    path = link.group(1)

    # Opening the link only asks to confirm (mail scanners follow links); the POST signs in.
    assert new_laptop.get(path, **from_address("192.0.2.30")).status_code == 200
    assert not signed_in(new_laptop)
    done = new_laptop.post(path, **from_address("192.0.2.30"))
    assert done.status_code == 302
    assert signed_in(new_laptop)

    # The link works once.
    assert Client().post(path, **from_address("192.0.2.31")).status_code == 400
    # The lock is lifted: the password alone works again, from anywhere.
    elsewhere = Client()
    assert site(elsewhere, "owner", PASSWORD, **from_address("192.0.2.32")).status_code == 302


def test_a_wrong_password_on_a_locked_account_sends_no_link(owner: User) -> None:
    fail_from_many_addresses("owner", times=5)
    site(Client(), "owner", "wrong-again", **from_address("192.0.2.40"))
    fail_from_many_addresses("no-such-person", times=5)
    site(Client(), "no-such-person", PASSWORD, **from_address("192.0.2.41"))
    assert mail.outbox == []


def test_a_forged_sign_in_link_is_refused_and_counted(owner: User) -> None:
    client = Client()
    for n in range(5):
        response = client.post(f"/account/sign-in/link/MQ/abc-{n}/")
        assert response.status_code == 400
    assert site(client, "owner", PASSWORD).status_code == 429


def test_the_admin_honours_the_account_lock_too(moderator: User) -> None:
    fail_from_many_addresses("mod", times=5)
    attacker = Client()
    response = admin(attacker, "mod", PASSWORD, **from_address("192.0.2.50"))
    assert LOCKED in response.content.decode()
    assert not signed_in(attacker)


def test_the_async_path_is_throttled_too(owner: User) -> None:
    """ModelBackend has a separate async authenticate; it must not be a way around."""
    from asgiref.sync import async_to_sync
    from django.contrib.auth import aauthenticate
    from django.test import RequestFactory

    for n in range(5):
        site(Client(), f"nobody-{n}", "wrong", **from_address("192.0.2.60"))
    request = RequestFactory().post(SIGN_IN, REMOTE_ADDR="192.0.2.60")
    assert async_to_sync(aauthenticate)(request, username="owner", password=PASSWORD) is None
    fresh = RequestFactory().post(SIGN_IN, REMOTE_ADDR="192.0.2.61")
    assert async_to_sync(aauthenticate)(fresh, username="owner", password=PASSWORD) == owner


@pytest.mark.parametrize(
    "path",
    [
        "/account/sign-in/link/!!!/abc/",
        "/account/sign-in/link/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/1-abc/",  # a huge id
        "/account/sign-in/link/%FF%FE/abc/",
        "/account/sign-in/link/MQ/" + "x" * 500 + "/",
        "/account/sign-in/link/MQ/zzzzzzzzzzzzzzzz-abc/",
    ],
)
def test_malformed_sign_in_links_are_a_400(owner: User, path: str) -> None:
    assert Client().get(path).status_code == 400
    assert Client().post(path).status_code == 400
