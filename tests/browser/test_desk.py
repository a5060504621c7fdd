"""A moderator clears the Held queue with the keyboard alone, in a real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, EssayFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.discussion.models import Comment
from thoughtful.moderation.models import LogEntry
from thoughtful.people.models import CommentingStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/account/sign-in/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_moderator_clears_the_queue_with_the_keyboard(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    make_moderator("maya")
    essay = EssayFactory(title="What I owe her")
    kind = held(essay, UserFactory(username="ana"), "A kind reply that the scorer misread.")
    rude = held(essay, UserFactory(username="bo"), "You are a fraud and a liar.")
    featured = held(essay, UserFactory(username="cy"), "The most careful reading here.")
    troll = held(essay, UserFactory(username="dex"), "I will find where you live.")
    base = str(live_server.url)
    _sign_in(page, base, "maya", "/desk/moderation/")
    cards = page.locator(".desk-card")
    expect(cards).to_have_count(4)
    # desk.js has run (deferred): the first card is current and focused.
    expect(cards.first).to_have_class(re.compile("is-current"))
    status = page.locator("#desk-status")

    # Help overlay.
    page.keyboard.press("?")
    expect(page.locator("#desk-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#desk-help")).to_be_hidden()

    # Priority order is the same for all (equal scores): newest first. Find each card by text.
    order = [int(x) for x in cards.evaluate_all("els => els.map(e => e.dataset.commentId)")]
    assert sorted(order) == sorted([kind.pk, rude.pk, featured.pk, troll.pk])

    def go_to(comment_id: int) -> None:
        # j/k until the current card is the one we want.
        for _ in range(8):
            current = page.evaluate("document.activeElement.dataset.commentId")
            if current == str(comment_id):
                return
            position = order.index(comment_id)
            at = order.index(int(current)) if current else -1
            page.keyboard.press("j" if position > at else "k")
        raise AssertionError(f"could not reach card {comment_id}")

    # a: approve.
    go_to(kind.pk)
    page.keyboard.press("a")
    expect(status).to_contain_text("Approved the comment by")
    expect(cards).to_have_count(3)
    order.remove(kind.pk)

    # r: reject, choosing the reason the writer sees, Enter to send.
    go_to(rude.pk)
    page.keyboard.press("r")
    reason = page.locator(f"#card-{rude.pk} select.desk-reason")
    expect(reason).to_be_focused()
    reason.select_option("personal_attack")
    reason.press("Enter")
    expect(status).to_contain_text("Rejected the comment by")
    expect(cards).to_have_count(2)
    order.remove(rude.pk)

    # f: feature (a held comment is approved first).
    go_to(featured.pk)
    page.keyboard.press("f")
    expect(status).to_contain_text("Featured the comment by")
    expect(cards).to_have_count(1)
    order.remove(featured.pk)

    # b: ban, after a confirmation.
    page.once("dialog", lambda dialog: dialog.accept())
    go_to(troll.pk)
    page.keyboard.press("b")
    expect(status).to_contain_text("Banned")
    expect(cards).to_have_count(0)
    expect(page.locator(".desk-empty")).to_be_visible()
    expect(page.locator(".desk-empty")).to_be_focused()

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses[kind.pk] == statuses[featured.pk] == Comment.Status.PUBLISHED
    assert statuses[rude.pk] == statuses[troll.pk] == Comment.Status.REJECTED
    assert Comment.objects.get(pk=featured.pk).featured_at is not None
    assert Comment.objects.get(pk=rude.pk).rejection_reason.startswith("It attacks a person")
    assert troll.author.__class__.objects.get(pk=troll.author_id).commenting_status == (
        CommentingStatus.BANNED
    )
    assert LogEntry.objects.filter(actor__username="maya").count() == 6  # +approve, +ban

    # Reload: the queue is empty on the server too.
    page.reload()
    expect(page.locator(".desk-card")).to_have_count(0)
    expect(page.get_by_text("Nothing waiting in held")).to_be_visible()
