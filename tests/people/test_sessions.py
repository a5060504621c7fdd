"""Issue 11: changing the password keeps this session and ends the others; "sign out
everywhere" ends them all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from thoughtful.people.models import AccountEvent, User

pytestmark = pytest.mark.django_db

PROFILE = "/account/profile/"
NEW_PASSWORD = "a-brand-new-passphrase-7"


def _signed_in(person: User) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    assert client.get(PROFILE).status_code == 200
    return client


def test_changing_the_password_signs_out_the_other_sessions_only() -> None:
    person = UserFactory()
    here, elsewhere = _signed_in(person), _signed_in(person)
    response = here.post(
        reverse("people:change-password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get(PROFILE).status_code == 200
    assert elsewhere.get(PROFILE).status_code == 302  # sent to sign in
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert AccountEvent.objects.filter(person=person, kind="password_changed").exists()


def test_a_wrong_old_password_changes_nothing() -> None:
    person = UserFactory()
    here = _signed_in(person)
    response = here.post(
        reverse("people:change-password"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_sign_out_everywhere_ends_every_session() -> None:
    person = UserFactory()
    here, elsewhere = _signed_in(person), _signed_in(person)
    response = here.post(reverse("people:sign-out-everywhere"))
    assert response.status_code == 302
    assert here.get(PROFILE).status_code == 302
    assert elsewhere.get(PROFILE).status_code == 302
    # The password still works: signing in again starts a fresh session.
    assert _signed_in(person).get(PROFILE).status_code == 200


def test_an_empty_token_keeps_djangos_session_hash() -> None:
    """Sessions made before the upgrade survive it: no token, the same hash as Django's."""
    from django.contrib.auth.base_user import AbstractBaseUser

    person = UserFactory()
    assert person.session_token == ""
    assert person.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(person)


def test_sign_out_everywhere_needs_a_post() -> None:
    person = UserFactory()
    assert _signed_in(person).get(reverse("people:sign-out-everywhere")).status_code == 405
