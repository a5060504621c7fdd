"""Accessibility (issue 11): axe-core finds no critical or serious violation on any page, for
any role.

axe-core comes from the package registry (PyPI's axe-playwright-python ships axe.min.js; MPL-2.0,
a test-only dependency in pyproject's dev extra). The pages are the same as the phone sweep's
(tests/browser/site_pages.py: every page each role can open, from the URL conf), at 390 x 844.
The page's CSP allows only our own scripts, so the axe context bypasses CSP to inject it: that
context is for this test only.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser import site_pages

pytestmark = pytest.mark.django_db(transaction=True)

AXE_JS = str(files("axe_playwright_python") / "axe.min.js")
FAILING = {"critical", "serious"}
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) =>
      n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")),
  }));
}"""


def _describe(role: str, address: str, violation: dict[str, Any]) -> str:
    where = "; ".join(violation["nodes"])
    what = f"{violation['id']} ({violation['impact']}) {violation['help']}"
    return f"{role} {address}: {what} at {where}"


def test_axe_finds_nothing_critical_or_serious_on_any_page(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    site_pages.load_demo()
    base = str(live_server.url)
    found: list[str] = []
    checked = 0
    for role in site_pages.ROLES:
        pages = site_pages.pages_for(role)
        context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
        context.add_cookies(pages.session_cookie(base))  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(base + "/")
        # The walk is worth something only signed in as the role (the session cookie works).
        assert (page.locator("form[action$='/sign-out/']").count() > 0) == bool(pages.person)
        for _name, address in pages.found:
            page.goto(base + address, wait_until="load")
            page.add_script_tag(path=AXE_JS)
            for violation in page.evaluate(RUN_AXE):
                if violation["impact"] in FAILING:
                    found.append(_describe(role, address, violation))
            checked += 1
        context.close()
    assert not found, f"{len(found)} critical or serious axe violations:\n" + "\n".join(found)
    assert checked >= 8 * 20, checked


def test_axe_is_really_running(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    """The sweep is worth something only if axe reports what it should: an image without alt
    text and an unlabelled field are found on a page made to have them."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:," ><input type="text"></main></body></html>'
    )
    page.add_script_tag(path=AXE_JS)
    ids = {v["id"] for v in page.evaluate(RUN_AXE) if v["impact"] in FAILING}
    context.close()
    assert {"image-alt", "label"} <= ids, ids
