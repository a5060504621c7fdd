"""The thread for people using a screen reader, in a real Chromium (issue 11): new comments are
announced and "show" switches to Latest; after posting, focus is on the new comment; relative
times stay true on a page left open."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import versions
from thoughtful.discussion.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/account/sign-in/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_after_posting_focus_is_on_the_new_comment(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory(title="On staying")
    CommentFactory(essay=essay, body="An older thought.")
    UserFactory(username="ruth", date_joined=timezone.now() - timedelta(days=30))
    base = str(live_server.url)
    _sign_in(page, base, "ruth", essay.get_absolute_url())
    page.get_by_label("Your comment").fill("Staying was the braver thing, I think.")
    page.get_by_role("button", name="Post comment").click()
    mine = Comment.objects.get(body="Staying was the braver thing, I think.")
    expect(page).to_have_url(re.compile(rf"#comment-{mine.pk}$"))
    focused = page.locator(f"#comment-{mine.pk} > article")
    expect(focused).to_be_focused()
    expect(focused).to_have_attribute("tabindex", "-1")
    # A screen reader starts reading at the comment: its text is inside what has focus.
    assert "Staying was the braver thing" in page.evaluate("document.activeElement.textContent")


def test_new_comments_are_announced_and_show_switches_to_latest(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory(title="On leaving")
    CommentFactory(essay=essay, body="The first thought.")
    page.clock.install()
    page.goto(str(live_server.url) + essay.get_absolute_url())
    status = page.locator(".live-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    expect(page.locator(".live-banner")).to_be_hidden()

    for body in ("A second thought.", "A third thought."):
        CommentFactory(essay=essay, body=body)
    versions.bump_thread(essay.pk)
    page.clock.fast_forward(21_000)  # the page polls every 20 seconds

    banner = page.get_by_role("button", name="2 new comments — show")
    expect(banner).to_be_visible()
    expect(status).to_have_text(re.compile(r"^2 new comments\. "))
    banner.click()
    expect(page).to_have_url(re.compile(r"\?sort=latest#comments$"))
    expect(page.locator(".sorts a.is-current")).to_have_text("Latest")
    expect(page.locator("#comment-list > .comment").first).to_contain_text("A third thought.")


def test_relative_times_stay_true_on_an_open_page(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory()
    comment = CommentFactory(essay=essay, created_at=timezone.now() - timedelta(hours=3, minutes=1))
    page.clock.install()
    page.goto(str(live_server.url) + essay.get_absolute_url())
    time = page.locator(f"#comment-{comment.pk} time")
    expect(time).to_have_text("3 hours ago")
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}, \d\d:\d\d \w+", time.get_attribute("title") or "")
    page.clock.fast_forward("01:00:00")
    expect(time).to_have_text("4 hours ago")
