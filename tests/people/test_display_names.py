"""Nobody can pass for staff by name (issue 14, item 10b): the profile form, sign-up, the actions
layer and the admin all normalise display names and refuse staff lookalikes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from thoughtful.people import actions
from thoughtful.people.models import User
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db

IMPERSONATIONS = [
    ("Demo Moderator", "“moderator”"),
    ("M0derator", "“moderator”"),
    ("Mоderator", "“moderator”"),  # Cyrillic о
    ("Mod\u200berator", "“moderator”"),  # zero-width space
    ("Ｍｏｄｅｒａｔｏｒ", "“moderator”"),  # fullwidth
    ("The Editors", "“editor”"),
    ("Site Admin", "“admin”"),
    ("Thoughtful Staff", "“staff”"),
    ("Thoughtful", "site's own name"),
    ("Maya Okafor", "“Maya Okafor”, a member of staff"),
    ("Maya  Okаfor", "“Maya Okafor”, a member of staff"),  # Cyrillic а, two spaces
    ("\u202eMaya Okafor\u202c", "“Maya Okafor”, a member of staff"),  # bidi override
    ("maya_okafor", "“Maya Okafor”, a member of staff"),
    ("mayaokafor", "a member of staff"),
    ("Mayaokaf0r", "a member of staff"),
]


@pytest.fixture
def staff_member() -> User:
    person = UserFactory(username="mayaokafor", display_name="Maya Okafor")
    actions.grant_role(user=person, role=Role.MODERATOR)
    return person


@pytest.mark.parametrize(("name", "message"), IMPERSONATIONS)
def test_profile_form_refuses_staff_lookalikes(
    client: Client, staff_member: User, name: str, message: str
) -> None:
    reader = UserFactory(username="reader", display_name="Reader")
    client.force_login(reader)
    response = client.post(reverse("people:profile"), {"display_name": name, "bio": "Hello."})
    assert response.status_code == 200
    errors = response.context["form"].errors["display_name"]
    assert any(message in e for e in errors), errors
    assert "Please choose another." in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Reader"


@pytest.mark.parametrize(("name", "message"), IMPERSONATIONS)
def test_sign_up_refuses_staff_lookalikes(
    client: Client, staff_member: User, name: str, message: str
) -> None:
    response = client.post(
        reverse("people:sign-up"),
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "password": "a-long-passphrase-42",
            "display_name": name,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["display_name"]
    assert any(message in e for e in errors), errors
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("username", ["moderator", "site-admin", "editor2", "mayaokafor_"])
def test_sign_up_refuses_usernames_that_pass_for_staff(
    client: Client, staff_member: User, username: str
) -> None:
    # A person without a display name is shown by username, so the same rule applies to it.
    response = client.post(
        reverse("people:sign-up"),
        {"username": username, "email": "newcomer@example.org", "password": "a-long-passphrase-42"},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(username=username).exists()


def test_profile_form_stores_the_normalised_name(client: Client) -> None:
    reader = UserFactory(display_name="Reader")
    client.force_login(reader)
    response = client.post(
        reverse("people:profile"),
        {"display_name": "  Ｒｕｔｈ\u200b \u202e Ann\t\r\n", "bio": ""},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Ruth Ann"


def test_staff_may_use_their_titles(client: Client, staff_member: User) -> None:
    client.force_login(staff_member)
    response = client.post(reverse("people:profile"), {"display_name": "Maya, Moderator"})
    assert response.status_code == 302
    staff_member.refresh_from_db()
    assert staff_member.display_name == "Maya, Moderator"


def test_contributors_are_not_staff(client: Client) -> None:
    writer = UserFactory()
    actions.grant_role(user=writer, role=Role.CONTRIBUTOR)
    client.force_login(writer)
    response = client.post(reverse("people:profile"), {"display_name": "Guest Editor"})
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors


def test_the_actions_layer_refuses_too(staff_member: User) -> None:
    """Code calling the actions (the API, scripts) cannot skip the rule."""
    reader = UserFactory(display_name="Reader")
    with pytest.raises(ValidationError) as refused:
        actions.update_profile(user=reader, display_name="Maya Okafor", bio="")
    assert "display_name" in refused.value.message_dict
    reader.refresh_from_db()
    assert reader.display_name == "Reader"
    with pytest.raises(ValidationError):
        actions.sign_up(
            username="someone", email="s@example.org", password="x" * 12, display_name="Moderator"
        )
    with pytest.raises(ValidationError):
        actions.sign_up(username="moderator", email="s@example.org", password="x" * 12)
    assert not User.objects.filter(email="s@example.org").exists()
    saved = actions.update_profile(user=reader, display_name=" Ruth\u200b Ann ", bio="")
    assert saved.display_name == "Ruth Ann"


def _admin_change(client: Client, person: User, display_name: str, **names: str) -> Any:
    """Save the admin's change form for `person` as an admin would, with a new display name."""
    url = reverse("admin:people_user_change", args=[person.pk])
    return client.post(
        url,
        {
            "username": person.username,
            "email": person.email,
            "is_active": "on",
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
            "display_name": display_name,
            "bio": "",
            **names,
        },
    )


def test_the_admin_refuses_too(client: Client, staff_member: User) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-passphrase-42")
    client.force_login(admin)
    reader = UserFactory(username="reader", display_name="Reader")
    refused = _admin_change(client, reader, display_name="Demo Moderator")
    assert refused.status_code == 200
    assert "readers would take you for staff" in refused.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Reader"
    # The full name is shown when there is no display name: the same rule.
    full = _admin_change(client, reader, display_name="", first_name="Demo", last_name="Moderator")
    assert full.status_code == 200
    assert "readers would take you for staff" in full.content.decode()
    saved = _admin_change(client, reader, display_name="Ruth\u200b Ann")
    assert saved.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Ruth Ann"


def test_demo_people_are_confirmed_and_follow_the_name_rule() -> None:
    """The demo's readers and contributors could have chosen their names through the forms."""
    from thoughtful.people.names import clean_public_name
    from thoughtful.web import demo

    demo.load()
    people = User.objects.all()
    assert people.exists()
    for person in people:
        assert person.is_active and person.email_verified_at is not None, person.username
        assert clean_public_name(person.display_name, person=person) == person.display_name
        clean_public_name(person.username, person=person)


def test_the_admin_may_grant_a_role_and_a_title_together(client: Client) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-passphrase-42")
    client.force_login(admin)
    person = UserFactory(username="newmod", display_name="New")
    moderators = Group.objects.get(name=Role.MODERATOR.value)
    saved = _admin_change(client, person, display_name="Moderator Sam", groups=str(moderators.pk))
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Moderator Sam"
