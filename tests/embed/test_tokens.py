"""The embed's sign-in token: short-lived, bound to the person and the site (issue 13)."""

from __future__ import annotations

import time
from unittest import mock

import pytest

from tests.factories import UserFactory
from thoughtful.embed import tokens
from thoughtful.embed.models import EmbedSite

pytestmark = pytest.mark.django_db


def test_a_token_names_its_person_for_its_site(site: EmbedSite) -> None:
    person = UserFactory()
    assert tokens.read(tokens.issue(person=person, site=site), site=site) == person


def test_a_token_expires(site: EmbedSite, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMBED_TOKEN_MAX_AGE = 60
    token = tokens.issue(person=UserFactory(), site=site)
    later = time.time() + 61
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert tokens.read(token, site=site) is None


def test_a_tampered_token_is_refused(site: EmbedSite) -> None:
    token = tokens.issue(person=UserFactory(), site=site)
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert tokens.read(flipped, site=site) is None
    assert tokens.read("", site=site) is None
    assert tokens.read("x" * 5000, site=site) is None


def test_another_sites_token_is_refused(site: EmbedSite) -> None:
    other = EmbedSite.objects.create(
        name="Other", key="other", allowed_origins="https://other.example", owner=site.owner
    )
    token = tokens.issue(person=UserFactory(), site=other)
    assert tokens.read(token, site=site) is None


def test_a_password_change_or_a_closed_account_ends_the_token(site: EmbedSite) -> None:
    person = UserFactory()
    token = tokens.issue(person=person, site=site)
    person.set_password("a-new-long-password-42")
    person.save()
    assert tokens.read(token, site=site) is None
    closed = UserFactory()
    token = tokens.issue(person=closed, site=site)
    closed.is_active = False
    closed.save()
    assert tokens.read(token, site=site) is None
