"""The Content-Security-Policy breaks nothing (issue 14, item 9), in a real Chromium.

Visits the main pages as a reader would and as a moderator would, including the API docs page
(ninja's Swagger UI) and the admin, and records every CSP violation two ways: Chromium's console
lines ("Refused to ..." or "... violates the following Content Security Policy directive") and
the page's own `securitypolicyviolation` events; Permissions-Policy header errors count too.
Any violation fails the test, naming the page and the directive, so a template that gains an
inline script or style attribute is caught here.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories import PASSWORD, CommentFactory, EssayFactory, TagFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script (injected by the browser, so the CSP does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


class Violations:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if (
            "Refused to" in text
            or "Content Security Policy" in text
            or ("Permissions-Policy" in text)
        ):
            self.found.append(f"{self.page.url}: console: {text}")

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def collect(self) -> None:
        events: list[str] = self.page.evaluate("window.__cspViolations || []")
        self.found += [f"{self.page.url}: event: {e}" for e in events]
        self.page.evaluate("window.__cspViolations = []")


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_main_pages_load_without_csp_violations(page: Page, live_server: Any) -> None:
    base = str(live_server.url)
    author = make_moderator("tom", Role.CONTRIBUTOR)
    essay = EssayFactory(
        title="What I owe her", slug="what-i-owe-her", author=author, tags=[TagFactory()]
    )
    for n in range(3):
        CommentFactory(essay=essay, body=f"A **careful** reply, number {n}.")
    held(essay, UserFactory(username="bo"), "You are a fraud and a liar.")
    make_moderator("maya")
    watch = Violations(page)

    # A reader's pages, signed out.
    for path in ("/", "/essays/what-i-owe-her/", "/account/sign-in/", "/search/?q=owe"):
        watch.visit(base + path)
    expect(page.locator("body")).to_be_visible()
    watch.visit(base + "/people/a%00b/")  # the 400 page
    watch.visit(base + "/nowhere/")  # the 404 page

    # The API docs: Swagger UI renders the schema from our own files.
    watch.visit(base + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("thoughtful API")
    page.locator(".opblock-summary").first.click()  # expand an operation: more UI, more icons
    page.wait_for_timeout(300)
    watch.collect()

    # A contributor's statistics (the sparkline that used to be a style attribute).
    _sign_in(page, base, "tom")
    watch.visit(base + "/desk/stats/")
    expect(page.locator("svg.sparkline").first).to_be_visible()
    watch.visit(base + "/essays/what-i-owe-her/")
    page.get_by_role("button", name="Sign out").click()

    # The moderator desk, with its script running.
    _sign_in(page, base, "maya")
    watch.visit(base + "/desk/moderation/")
    expect(page.locator(".desk-card")).to_have_count(1)
    page.keyboard.press("?")
    expect(page.locator("#desk-help")).to_be_visible()
    watch.collect()
    watch.visit(base + "/desk/moderation/dashboard/")
    page.get_by_role("button", name="Sign out").click()

    # The admin (staff), its change form's widgets and scripts included.
    UserFactory(username="root", is_staff=True, is_superuser=True)
    _sign_in(page, base, "root")
    watch.visit(base + "/admin/")
    watch.visit(base + f"/admin/publishing/essay/{essay.pk}/change/")
    expect(page.locator("#essay_form")).to_be_visible()

    assert not watch.found, "\n".join(watch.found)
