"""An essay's whole journey in a real Chromium: a contributor's draft, the editor, the copy
editor, the social editor, approval, publication, and a page that credits each of them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image as PILImage
from playwright.sync_api import Page, expect

from tests.factories import UserFactory
from thoughtful.people.actions import grant_role
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db(transaction=True)


def _as(page: Page, base: str, person: User) -> None:
    client = Client()
    client.force_login(person)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def _person(username: str, name: str, role: Role) -> User:
    person = UserFactory(username=username, display_name=name)
    grant_role(user=person, role=role)
    return person


def _click(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()


def test_draft_to_publication_credits_everyone(page: Page, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = str(live_server.url)
    writer = _person("writer", "Wren Writer", Role.CONTRIBUTOR)
    editor = _person("ed", "Edie Editor", Role.EDITOR)
    copy = _person("copy", "Cory Copy", Role.COPY_EDITOR)
    social = _person("social", "Sol Social", Role.SOCIAL_EDITOR)
    photo = tmp_path / "window.jpg"
    PILImage.new("RGB", (1200, 800), (90, 110, 140)).save(photo, "JPEG")

    # The contributor writes a draft, adds the picture, and submits it.
    _as(page, base, writer)
    page.goto(base + "/desk/")
    page.get_by_role("link", name="Start a new essay").click()
    page.get_by_label("Title", exact=True).fill("The winter I learned to ask")
    page.get_by_label("Standfirst").fill("On needing help, and saying so.")
    page.get_by_label("Body").fill("It was the coldest winter.\n\nI asked.")
    _click(page, "Save draft")
    expect(page.locator("#essay-status")).to_have_text("Draft")
    page.get_by_label("Image file").set_input_files(str(photo))
    page.get_by_label("Alt text").fill("Frost on a kitchen window")
    page.get_by_label("Image credit").fill("Image: Author's Own")
    _click(page, "Save image")
    _click(page, "Submit for editing")
    expect(page.locator("#essay-status")).to_have_text("Submitted")
    essay = Essay.objects.get(title="The winter I learned to ask")
    workbench = f"{base}/desk/essays/{essay.pk}/"

    # The editor finds it on their desk, claims it, edits, and sends it on.
    _as(page, base, editor)
    page.goto(base + "/desk/")
    waiting = page.locator(".desk-queue", has_text="Submitted: waiting for an editor")
    expect(waiting).to_contain_text(essay.title)
    page.get_by_role("link", name=essay.title).first.click()
    _click(page, "Claim for editing")
    expect(page.locator("#essay-status")).to_have_text("In edit")
    page.get_by_label("Body").fill("It was the coldest winter I remember.\n\nI asked for help.")
    _click(page, "Save")
    _click(page, "Edit done: send to copy edit")
    expect(page.locator("#essay-status")).to_have_text("Copy edit")

    # The copy editor claims it and passes it to social.
    _as(page, base, copy)
    page.goto(base + "/desk/")
    page.get_by_role("link", name=essay.title).click()
    _click(page, "Claim for copy editing")
    _click(page, "Copy edit done: send to social")
    expect(page.locator("#essay-status")).to_have_text("Social copy")

    # The social editor writes the share copy.
    _as(page, base, social)
    page.goto(workbench)
    page.get_by_label("Share title").fill("Asking for help")
    page.get_by_label("Share description").fill("A winter, a kitchen, a phone call.")
    page.get_by_label("Facebook").fill("Have you ever needed to ask?")
    page.get_by_label("X post").fill("The coldest winter, and the call that changed it.")
    page.get_by_label("Newsletter blurb").fill("This week: on asking.")
    _click(page, "Save social copy")
    _click(page, "Social copy done: ready for approval")
    expect(page.locator("#essay-status")).to_have_text("Ready for approval")

    # The editor approves for now; the task publishes it and the page credits everyone.
    _as(page, base, editor)
    page.goto(workbench)
    _click(page, "Approve and schedule")
    expect(page.get_by_role("heading", level=1)).to_have_text(essay.title)
    credits = page.locator(".credits dt").all_inner_texts()
    assert [c.strip().lower() for c in credits] == [
        "author",
        "image",
        "editor",
        "copy editor",
        "social editor",
    ]
    names = [n.strip() for n in page.locator(".credits dd").all_inner_texts()]
    assert names == [
        "Wren Writer",
        "Image: Author's Own",
        "Edie Editor",
        "Cory Copy",
        "Sol Social",
    ]
    expect(page.locator(".essay-body")).to_contain_text("I asked for help.")
    og = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og == "Asking for help"
    # A reader hearts it.
    reader = UserFactory(username="reader1")
    _as(page, base, reader)
    page.goto(base + essay.get_absolute_url())
    page.get_by_role("button", name="♡ Heart this essay").click()
    expect(page.locator(".heart-count")).to_have_text("1 heart")
