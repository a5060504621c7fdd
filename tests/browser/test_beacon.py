"""The read beacon in a real Chromium (issue 12): the essay page, shared by every anonymous
reader, sets no cookie itself; the script it loads counts the read after load and records
where the visit came from, under the site's Content-Security-Policy."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.factories import EssayFactory
from thoughtful.publishing.reads import VISITOR_COOKIE, total_reads
from thoughtful.web.visits import SOURCE_COOKIE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_beacon_counts_the_read_after_load(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory(title="Counted by a beacon")
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    response = page.goto(f"{live_server.url}{essay.get_absolute_url()}?utm_source=newsletter")
    assert response is not None
    assert "set-cookie" not in response.headers
    assert response.headers["cache-control"].startswith("public")
    deadline = time.monotonic() + 10
    while total_reads(essay) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert total_reads(essay) == 1
    # The beacon's response (and so its cookies) may arrive a moment after the count.
    names: set[str] = set()
    while time.monotonic() < deadline and not {VISITOR_COOKIE, SOURCE_COOKIE} <= names:
        names = {c["name"] for c in page.context.cookies()}
        time.sleep(0.1)
    assert {VISITOR_COOKIE, SOURCE_COOKIE} <= names
    # A second view the same day is the same visitor: still one read.
    page.reload()
    page.wait_for_load_state("load")
    time.sleep(1)
    assert total_reads(essay) == 1
    assert blocked == []
