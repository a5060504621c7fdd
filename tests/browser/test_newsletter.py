"""Issue 11 in a real Chromium: a reader subscribes to the newsletter (double opt-in), an
editor previews and sends an edition from the desk, and the reader unsubscribes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory
from tests.newsletter.conftest import essay_with_blurb
from thoughtful.newsletter.models import Subscriber
from thoughtful.people import actions as people_actions
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _local(base: str, body: str, kind: str) -> str:
    found = re.search(rf"https?://\S+/newsletter/{kind}/\S+/", body)
    assert found is not None, body
    return base + urlsplit(found.group(0)).path


def test_a_reader_opts_in_receives_an_edition_and_unsubscribes(
    page: Page, live_server: Any
) -> None:
    base = str(live_server.url)
    essay_with_blurb("On leaving", "A quiet essay about doors.")
    page.goto(base + "/newsletter/")
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert not Subscriber.objects.get(email="reader@example.org").receives
    page.goto(_local(base, str(mail.outbox[-1].body), "confirm"))
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're subscribed")
    assert Subscriber.objects.get(email="reader@example.org").receives

    # An editor previews the edition on the desk and sends it.
    editor = UserFactory(username="edna")
    people_actions.grant_role(user=editor, role=Role.EDITOR)
    editors_page = page.context.browser.new_page()  # type: ignore[union-attr]
    editors_page.goto(base + "/account/sign-in/")
    editors_page.get_by_label("Username").fill("edna")
    editors_page.get_by_label("Password").fill(PASSWORD)
    editors_page.get_by_role("button", name="Sign in").click()
    editors_page.goto(base + "/desk/")
    editors_page.get_by_role("link", name="Newsletter").click()
    editors_page.get_by_role("button", name="Draft the next edition").click()
    expect(editors_page.locator(".email-preview")).to_contain_text("A quiet essay about doors.")
    editors_page.get_by_role("button", name="Send to 1 subscriber").click()
    expect(editors_page.get_by_text("sent 1")).to_be_visible()
    edition = mail.outbox[-1]
    assert edition.to == ["reader@example.org"] and "On leaving" in edition.subject + edition.body
    assert edition.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The unsubscribe link from the email, in the browser.
    page.goto(_local(base, str(edition.body), "unsubscribe"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're unsubscribed")
    assert not Subscriber.objects.get(email="reader@example.org").receives
