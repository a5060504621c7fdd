"""Issue 11 in a real Chromium: sign-up with email verification, password reset, export my
data and delete my account (emails are read from the locmem outbox)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, CommentFactory, EssayFactory, UserFactory
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-brand-new-passphrase-7"


def _local(base: str, link: str) -> str:
    """The email's links start with SITE_URL; this server listens elsewhere."""
    parts = urlsplit(link)
    return f"{base}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _link_in_last_email(pattern: str) -> str:
    found = re.search(rf"https?://\S+{pattern}\S*", str(mail.outbox[-1].body))
    assert found is not None, mail.outbox[-1].body
    return found.group(0)


def _sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_up_is_verified_by_email_and_join_then_sends_home(
    page: Page, live_server: Any
) -> None:
    base = str(live_server.url)
    page.goto(base + "/account/sign-up/")
    page.get_by_label("Username").fill("newreader")
    page.get_by_label("Email").fill("newreader@example.org")
    page.get_by_label("Password").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert not User.objects.get(username="newreader").is_active
    page.goto(_local(base, _link_in_last_email("/account/confirm/")))
    page.get_by_role("button", name="Confirm my email").click()
    person = User.objects.get(username="newreader")
    assert person.is_active and person.email_verified_at is not None
    page.goto(base + "/account/profile/")
    expect(page.locator(".account")).to_contain_text("confirmed")
    # Signed in, Join has nothing to offer: it sends the person home.
    page.goto(base + "/account/sign-up/")
    assert urlsplit(page.url).path == "/"


def test_password_reset_by_emailed_link(page: Page, live_server: Any) -> None:
    base = str(live_server.url)
    UserFactory(username="forgetful", email="forgetful@example.org")
    page.goto(base + "/account/password-reset/")
    page.get_by_label("Email").fill("forgetful@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(_local(base, _link_in_last_email("/account/password-reset/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    _sign_in(page, base, "forgetful", NEW_PASSWORD)
    expect(page.get_by_role("link", name=re.compile("Sign in"))).to_have_count(0)


def test_export_downloads_my_data_as_json(page: Page, live_server: Any, tmp_path: Any) -> None:
    base = str(live_server.url)
    me = UserFactory(username="exporter", display_name="Ex Porter")
    CommentFactory(essay=EssayFactory(), author=me, body="Words I want to keep")
    _sign_in(page, base, "exporter")
    page.goto(base + "/account/profile/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    target = tmp_path / "export.json"
    download_info.value.save_as(target)
    data = json.loads(target.read_text())
    assert data["profile"]["username"] == "exporter"
    assert [c["body"] for c in data["comments"]] == ["Words I want to keep"]


def test_delete_my_account(page: Page, live_server: Any) -> None:
    base = str(live_server.url)
    leaver = UserFactory(username="leaver", display_name="Lee Leaver")
    essay = EssayFactory()
    CommentFactory(essay=essay, author=leaver, body="A thought worth keeping")
    _sign_in(page, base, "leaver")
    page.goto(base + "/account/profile/")
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("I understand this can't be undone").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    # The comment stays (the default "anonymise"), under "deleted account".
    page.goto(base + essay.get_absolute_url())
    comment = page.locator(".comment-list .comment").first
    expect(comment).to_contain_text("A thought worth keeping")
    expect(comment).to_contain_text("deleted account")
    expect(page.locator("body")).not_to_contain_text("Lee Leaver")
    _sign_in(page, base, "leaver")
    expect(page.get_by_role("alert")).to_contain_text("don't match")
