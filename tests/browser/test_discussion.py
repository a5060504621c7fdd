"""A commenter posts, replies, reacts, edits and deletes in a real Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion.models import Comment, Reaction

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/account/sign-in/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_post_reply_react_edit_delete(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory(title="On leaving")
    other = CommentFactory(essay=essay, body="I left too, in 2019.")
    UserFactory(username="ruth", date_joined=timezone.now() - timedelta(days=30))
    base = str(live_server.url)
    _sign_in(page, base, "ruth", essay.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("On leaving")

    # Post.
    page.get_by_label("Your comment").fill("This gave me words for something.")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator(".comment", has_text="This gave me words for something.").first
    expect(mine).to_be_visible()

    # React to someone else's comment, in place (JavaScript), then check it persisted.
    theirs = page.locator(f"#comment-{other.pk}")
    theirs.get_by_role("button", name="Thoughtful").click()
    expect(theirs.locator("button.react")).to_have_attribute("aria-pressed", "true")
    expect(theirs.locator("button.react .count")).to_have_text("1")
    assert Reaction.objects.filter(comment=other).count() == 1

    # Reply to it.
    theirs.locator("summary", has_text="Reply").click()
    theirs.get_by_label("Reply to").fill("Same year as me. It gets quieter.")
    theirs.get_by_role("button", name="Post reply").click()
    reply = Comment.objects.get(body="Same year as me. It gets quieter.")
    assert reply.parent_id == other.pk
    expect(page.locator(f"#comment-{other.pk} .replies")).to_contain_text("It gets quieter.")

    # Edit my comment.
    comment = Comment.objects.get(body="This gave me words for something.")
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Edit").click()
    page.get_by_label("Edit your comment").fill("This gave me the words for something I carry.")
    page.get_by_role("button", name="Save changes").click()
    edited = page.locator(f"#comment-{comment.pk}")
    expect(edited).to_contain_text("something I carry")
    expect(edited.locator(".edited")).to_be_visible()

    # Delete it: a tombstone remains.
    page.once("dialog", lambda dialog: dialog.accept())
    edited.get_by_role("button", name="Delete").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("deleted by its author")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.DELETED
