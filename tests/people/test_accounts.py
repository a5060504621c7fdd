from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from thoughtful.people.roles import ALL_ROLES, Role

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrate() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in ALL_ROLES}


# Sign-up (argon2, confirmation by email, the same answer for a taken address, weak passwords
# and taken usernames) is in test_sign_up.py.


def test_sign_in_and_open_redirects_are_refused(client: Client) -> None:
    UserFactory(username="ana")
    response = client.post(
        reverse("people:sign-in"),
        {"username": "ana", "password": PASSWORD, "next": "https://evil.example/steal"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_sign_in_is_throttled_after_repeated_failures(client: Client) -> None:
    UserFactory(username="ben")
    for _ in range(5):
        bad = client.post(reverse("people:sign-in"), {"username": "ben", "password": "wrong"})
        assert bad.status_code == 200
    # Even the right password is refused while throttled: the limit protects the account.
    blocked = client.post(reverse("people:sign-in"), {"username": "ben", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.get(reverse("people:sign-out")).status_code == 405
    assert client.post(reverse("people:sign-out")).status_code == 403
    assert "_auth_user_id" in client.session


def test_has_role_reads_groups() -> None:
    user = UserFactory()
    assert not user.has_role(Role.EDITOR)
    from thoughtful.people.actions import grant_role

    grant_role(user=user, role=Role.EDITOR)
    assert user.has_role(Role.EDITOR)
    assert not user.has_role(Role.MODERATOR)


def test_profile_edit(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("people:profile"), {"display_name": "  Ruth  ", "bio": "Nurse."})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Ruth", "Nurse.")
