"""Errors people can read (issue 11), in a real Chromium: the 403, 404, 405 and 500 pages are
styled in the site's layout, carry the main landmark, say why, and offer a way back that works."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories import PASSWORD, EssayFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def base(live_server: Any) -> str:
    EssayFactory(title="The essay on the front page")
    return str(live_server.url)


def _problems(page: Page) -> list[str]:
    found: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            found.append(message.text)

    page.on("console", record)
    return found


def _styled_in_the_layout(page: Page) -> None:
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    # site.css has loaded: the error code is set in small capitals by the stylesheet.
    code = page.locator(".error-code")
    expect(code).to_be_visible()
    assert code.evaluate("el => getComputedStyle(el).textTransform") == "uppercase"
    # The footer's links are there on an error page too.
    expect(
        page.get_by_role("contentinfo").get_by_role("link", name="Community guidelines")
    ).to_be_visible()


def _way_back_works(page: Page, name: str = "Back to the front page") -> None:
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name="The essay on the front page")).to_be_visible()


def test_404(page: Page, base: str) -> None:
    problems = _problems(page)
    response = page.goto(base + "/essays/nowhere-at-all/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    _styled_in_the_layout(page)
    _way_back_works(page)
    assert problems == []


def test_403_says_why_and_where_to_go(page: Page, base: str) -> None:
    problems = _problems(page)
    UserFactory(username="rhea", display_name="Rhea")
    page.goto(base + "/account/sign-in/?next=/desk/")
    page.get_by_label("Username").fill("rhea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You can't open this page")
    expect(page.locator(".error-reason")).to_have_text(
        "The desk is for contributors and editorial staff."
    )
    expect(page.get_by_text("You are signed in as Rhea")).to_be_visible()
    _styled_in_the_layout(page)
    _way_back_works(page)
    assert problems == []


def test_405(page: Page, base: str) -> None:
    problems = _problems(page)
    response = page.goto(base + "/beacon/")
    assert response is not None and response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("That address doesn't work this way")
    expect(page.get_by_text("receives a form")).to_be_visible()
    _styled_in_the_layout(page)
    _way_back_works(page)
    assert problems == []


def test_500(page: Page, base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from thoughtful.web import views

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug on the front page")

    problems = _problems(page)
    monkeypatch.setattr(views.front, "front_page", broken)
    response = page.goto(base + "/")
    assert response is not None and response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong on our side")
    expect(page.get_by_text("Nothing you wrote was lost.")).to_be_visible()
    _styled_in_the_layout(page)
    monkeypatch.undo()
    _way_back_works(page)
    assert problems == []


def test_edit_window_closed(page: Page, base: str) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import CommentFactory

    writer = UserFactory(username="wes")
    comment = CommentFactory(author=writer)
    type(comment).objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    page.goto(base + f"/account/sign-in/?next=/comments/{comment.pk}/edit/")
    page.get_by_label("Username").fill("wes")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The edit window has closed")
    expect(page.get_by_role("main")).to_contain_text("can be edited for 10 minutes")
    page.get_by_role("link", name="Back to your comment").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_be_visible()
