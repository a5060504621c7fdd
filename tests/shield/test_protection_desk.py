"""Moderators set an essay's protection level from the desk (issue 11), not only in the
admin: every published essay listed with its level, a form per essay that pins or unpins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import make_moderator
from thoughtful.publishing.models import Essay
from thoughtful.shield import selectors
from thoughtful.shield.models import EssayProtection

pytestmark = pytest.mark.django_db


def test_a_moderator_pins_and_unpins_from_the_desk(client: Client) -> None:
    moderator = make_moderator("mira")
    essay = EssayFactory(title="A quiet essay")
    EssayFactory(title="Still a draft", status=Essay.Status.DRAFT, published_at=None)
    client.force_login(moderator)
    page = client.get(reverse("shield:essays"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "A quiet essay" in html and "Still a draft" not in html
    assert reverse("shield:pin", args=[essay.pk]) in html
    home = client.get(reverse("moderation:queue", args=["held"])).content.decode()
    assert reverse("shield:essays") in home  # in the desk's navigation

    done = client.post(
        reverse("shield:pin", args=[essay.pk]),
        {"level": "lockdown", "next": reverse("shield:essays")},
    )
    assert done.status_code == 302 and done["Location"] == reverse("shield:essays")
    assert selectors.effective_level(EssayProtection.objects.get(essay=essay)) == "lockdown"
    html = client.get(reverse("shield:essays")).content.decode()
    assert '<option value="lockdown" selected>Pin at lockdown</option>' in html
    assert "Lockdown by Mira" in html

    client.post(reverse("shield:pin", args=[essay.pk]), {"level": "", "next": "/"})
    assert EssayProtection.objects.get(essay=essay).pinned_level == ""


def test_an_old_pinned_essay_stays_on_the_list(client: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from thoughtful.shield import actions

    moderator = make_moderator("mira")
    old = EssayFactory(title="Old and pinned", published_at=timezone.now() - timedelta(days=900))
    for _ in range(51):
        EssayFactory()
    actions.pin_level(moderator=moderator, essay=old, level="watch")
    client.force_login(moderator)
    assert "Old and pinned" in client.get(reverse("shield:essays")).content.decode()


def test_readers_cannot_open_it(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse("shield:essays")).status_code == 403
