"""During a replayed pile-on, in a real Chromium: a reader sees the new accounts' comments
collapsed, the author gets the calm view, and the alert is on the moderator desk (issue 9)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.moderation.conftest import make_moderator
from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.shield import replay

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/account/sign-in/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_calm_view_collapsed_comments_and_the_desk_alert(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    # The first two minutes of the shipped sudden brigade (ten quiet minutes before it).
    events = [e for e in replay.load("sudden_brigade") if e.t <= 720]
    summary = replay.run(events)
    assert summary["first_shield_t"]["grief-essay"] is not None
    author = User.objects.get(username="bea")
    author.set_password(PASSWORD)
    author.save()
    make_moderator("maya")
    base = str(live_server.url)
    collapsed = Comment.objects.filter(
        essay__slug="grief-essay", status="published", shield_signal__newcomer=True
    ).count()
    assert collapsed > 0

    # A reader: the brigade's published comments are collapsed, one click shows them.
    page.goto(f"{base}/essays/grief-essay/")
    banner = page.get_by_role("link", name=re.compile(r"from new accounts (is|are) collapsed"))
    expect(banner).to_contain_text(f"{collapsed} comment")
    folded = page.locator("li.shield-folded")
    expect(folded).to_have_count(collapsed)
    expect(folded.first).to_be_hidden()
    banner.click()
    expect(page.locator("li.shield-folded")).to_have_count(0)

    # The author: the calm view with its digest line.
    _sign_in(page, base, "bea", "/essays/grief-essay/")
    digest = page.locator(".shield-digest")
    expect(digest).to_contain_text("waiting for moderators")
    expect(digest).to_contain_text("thoughtful repl")
    page.context.clear_cookies()

    # The moderator desk: a badge, the alert, its evidence and a one-key bulk action.
    _sign_in(page, base, "maya", "/desk/moderation/queue/alerts/")
    expect(page.locator(".desk-badge")).to_be_visible()
    page.get_by_role("link", name="Evidence, accounts and bulk actions").first.click()
    expect(page.get_by_role("heading", name="Signals")).to_be_visible()
    expect(page.locator(".shield-timeline")).to_contain_text("shield")
    page.get_by_role("button", name=re.compile("Hold all from forum.example")).click()
    expect(page.locator("body")).to_contain_text("new ones from it will be held")
    assert not Comment.objects.filter(
        essay__slug="grief-essay", status="published", author__username__startswith="brig"
    ).exists()
