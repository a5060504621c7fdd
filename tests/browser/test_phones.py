"""Phones (issue 11): no page is wider than a 390 px screen, for any role.

Every page each role can open (tests/browser/site_pages.py builds the list from the URL conf)
is loaded in Chromium at 390 x 844, and the document must not scroll sideways: wide things wrap
or scroll inside themselves. The header's signed-in links fold into a menu that opens without
script.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.browser import site_pages
from tests.factories import UserFactory
from thoughtful.people import actions as people_actions
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# What sticks out, named, so a failure says where to look.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit + 1) {
      const parent = el.parentElement && el.parentElement.getBoundingClientRect();
      if (!parent || parent.right <= limit + 1) {
        const classes = el.className ? "." + String(el.className).split(" ").join(".") : "";
        out.push(el.tagName.toLowerCase() + classes + " (right " + Math.round(box.right) + ")");
      }
    }
  }
  return out.slice(0, 5);
}"""


def test_no_page_is_wider_than_a_phone_for_any_role(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    site_pages.load_demo()
    base = str(live_server.url)
    too_wide: list[str] = []
    checked = 0
    for role in site_pages.ROLES:
        pages = site_pages.pages_for(role)
        context = browser.new_context(viewport=PHONE)
        context.add_cookies(pages.session_cookie(base))  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(base + "/")
        # The walk is worth something only signed in as the role (the session cookie works).
        assert (page.locator("form[action$='/sign-out/']").count() > 0) == bool(pages.person)
        for name, address in pages.found:
            page.goto(base + address, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{role} {address} ({name}): {width} px; {page.evaluate(WIDEST)}")
            checked += 1
        context.close()
    assert not too_wide, "pages wider than 390 px:\n" + "\n".join(too_wide)
    assert checked >= 8 * 20, checked  # every role has its pages, not an empty walk


def test_the_staff_links_fold_into_a_menu_on_a_phone(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    people_actions.grant_role(user=admin, role=Role.MODERATOR)
    people_actions.grant_role(user=admin, role=Role.EDITOR)
    client = Client()
    client.force_login(admin)
    base = str(live_server.url)
    session = settings.SESSION_COOKIE_NAME
    cookie = {"name": session, "value": client.cookies[session].value, "url": base}
    for viewport, folded in ((PHONE, True), ({"width": 1280, "height": 800}, False)):
        context = browser.new_context(viewport=viewport, java_script_enabled=False)
        context.add_cookies([cookie])  # type: ignore[list-item]
        page = context.new_page()
        page.goto(base + "/")
        header = page.get_by_role("banner")
        moderation = header.get_by_role("link", name="Moderation")
        if folded:
            # Hidden until the menu opens; the menu opens without JavaScript (a <details>).
            expect(moderation).to_be_hidden()
            header.get_by_text("Menu").click()
            expect(moderation).to_be_visible()
            expect(header.get_by_role("link", name="Desk", exact=True)).to_be_visible()
            expect(header.get_by_role("link", name="Admin", exact=True)).to_be_visible()
            expect(header.get_by_role("button", name="Sign out")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], width
        else:
            expect(moderation).to_be_visible()
            expect(header.get_by_text("Menu")).to_be_hidden()
        context.close()


def test_the_width_check_catches_a_wide_page(browser: Browser) -> None:
    """The sweep's measure fails a page that is too wide, and passes one that wraps."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_content(
        '<!doctype html><meta name="viewport" content="width=device-width">'
        '<div style="width: 600px">wide</div>'
    )
    assert page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]
    assert page.evaluate(WIDEST)
    page.set_content(
        '<!doctype html><meta name="viewport" content="width=device-width"><p>narrow</p>'
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
