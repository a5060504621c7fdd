"""The nudge in a real Chromium: prompted, told when nothing changed, then told what happened
after "Post anyway" (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_discussion import _sign_in
from tests.discussion.conftest import fixed_scorer  # noqa: F401  (shared fixture)
from tests.factories import EssayFactory, UserFactory
from thoughtful.discussion.models import Comment, Nudge

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = "Honestly this is the whiniest thing I have read all year."


def test_nudge_unchanged_then_post_anyway(page: Page, live_server, fixed_scorer) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    fixed_scorer.scores = {"toxicity": 0.93}  # the hold band: offered a rephrase first
    essay = EssayFactory(title="On staying")
    UserFactory(username="ruth", date_joined=timezone.now() - timedelta(days=30))
    _sign_in(page, str(live_server.url), "ruth", essay.get_absolute_url())

    page.get_by_label("Your comment").fill(HOSTILE)
    page.get_by_role("button", name="Post comment").click()
    prompt = page.locator(".nudge")
    expect(prompt).to_contain_text("Before you post")
    expect(prompt).to_contain_text("a moderator would read it before it appears")
    expect(page.get_by_label("Your comment")).to_have_value(HOSTILE)
    assert not Comment.objects.exists()

    # "Post my edited comment" without editing: told so, still the one nudge.
    page.get_by_role("button", name="Post my edited comment").click()
    expect(page.locator(".nudge")).to_contain_text("Your comment is unchanged")
    assert Nudge.objects.get().outcome == Nudge.Outcome.PENDING

    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_text("Posted as it is: a moderator will read it")).to_be_visible()
    expect(page.get_by_text("Would you like to rephrase it?")).to_have_count(0)
    mine = page.locator(".comment", has_text="whiniest thing")
    expect(mine).to_contain_text("Awaiting review")
    assert Comment.objects.get().status == Comment.Status.HELD
    assert Nudge.objects.get().outcome == Nudge.Outcome.POSTED_ANYWAY
