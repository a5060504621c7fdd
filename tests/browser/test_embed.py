"""Embedded comments in a real Chromium (issue 13): the demo page (examples/embed-demo) served
from a second origin shows the thread in an iframe from ours, sized to its content; the reader
signs in in a popup and posts a comment, and the host page never gets the token or the frame's
document."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Frame, Page, expect

from tests.factories import PASSWORD, CommentFactory, UserFactory
from thoughtful.discussion.models import Comment
from thoughtful.embed import actions
from thoughtful.embed.models import EmbedSite

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PORT = 8841  # this project's browser tests keep to their own port range
DEMO_ORIGIN = f"http://127.0.0.1:{DEMO_PORT}"
CANONICAL = f"{DEMO_ORIGIN}/posts/a-walk-in-the-hills/"
SERVE = Path(__file__).resolve().parents[2] / "examples" / "embed-demo" / "serve.py"

# Everything the host page hears, recorded before its own scripts run.
RECORD_MESSAGES = """
window.__heard = [];
window.addEventListener("message", (e) => window.__heard.push(JSON.stringify(e.data)));
"""


def _demo_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("embed_demo_serve", SERVE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo_site(live_server: Any) -> Iterator[str]:
    """The demo page on 127.0.0.1 (another origin, and another site, than the live server's
    localhost), its script tag pointing at the live server."""
    server = _demo_module().serve_in_background(
        host="127.0.0.1", port=DEMO_PORT, thoughtful=str(live_server.url)
    )
    try:
        yield DEMO_ORIGIN
    finally:
        server.shutdown()
        server.server_close()


def _frame(page: Page) -> Frame:
    for frame in page.frames:
        if "/embed/thread/" in frame.url:
            return frame
    raise AssertionError("no embed frame on the page")


def test_the_demo_page_shows_sizes_and_posts_to_the_thread(
    page: Page, live_server: Any, demo_site: str
) -> None:
    owner = UserFactory(username="blogger")
    site = EmbedSite.objects.create(
        name="Demo", key="demo", allowed_origins=DEMO_ORIGIN, owner=owner
    )
    thread = actions.open_page(site=site, url=CANONICAL, title="A walk in the hills")
    for n in range(6):
        CommentFactory(essay=thread.essay, body=f"Earlier comment number {n} about the hills.")
    UserFactory(
        username="ruth", display_name="Ruth", date_joined=timezone.now() - timedelta(days=30)
    )
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(RECORD_MESSAGES)

    page.goto(f"{demo_site}/posts/a-walk-in-the-hills/")
    iframe = page.locator("iframe.thoughtful-comments-frame")
    expect(iframe).to_be_visible()
    embed = page.frame_locator("iframe.thoughtful-comments-frame")
    expect(embed.locator(".comment")).to_have_count(6)
    expect(embed.get_by_text("Earlier comment number 0 about the hills.")).to_be_visible()
    frame = _frame(page)
    assert frame.url.startswith(str(live_server.url) + "/embed/thread/")
    assert frame.evaluate("document.documentElement.dataset.theme") == "light"

    # Sizing: the host sets the frame's height from the frame's message, to its content.
    page.wait_for_function(
        "() => parseInt(document.querySelector('iframe').style.height) > 480", timeout=10000
    )
    content = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    shown = page.evaluate("parseInt(document.querySelector('iframe').style.height)")
    assert abs(shown - content) <= 2, (shown, content)

    # The host page cannot reach into the frame (another origin).
    assert page.evaluate("document.querySelector('iframe').contentDocument === null")

    # Sign in in a popup on our origin; the popup hands the frame its token and closes.
    with page.expect_popup() as opened:
        embed.get_by_role("button", name="Sign in to comment").click()
    popup = opened.value
    assert popup.url.startswith(str(live_server.url) + "/embed/sign-in/")
    popup.get_by_label("Username").fill("ruth")
    popup.get_by_label("Password").fill(PASSWORD)
    popup.get_by_role("button", name="Sign in").click()
    popup.wait_for_event("close", timeout=10000)
    expect(embed.locator(".embed-who")).to_have_text("Signed in as Ruth.")

    # Post, through the pipeline; the thread shows it, newest first.
    embed.get_by_label("Your comment").fill("I walked the same path last spring.")
    embed.get_by_role("button", name="Post comment").click()
    expect(embed.locator(".comment").first).to_contain_text("I walked the same path last spring.")
    posted = Comment.objects.get(body="I walked the same path last spring.")
    assert posted.essay_id == thread.essay_id and posted.author.username == "ruth"
    assert posted.status == Comment.Status.PUBLISHED
    expect(embed.locator("#comments-heading")).to_have_text("7 comments")
    # The frame grew with it, and the host heard nothing but heights.
    page.wait_for_function(
        f"() => parseInt(document.querySelector('iframe').style.height) > {shown}",
        timeout=10000,
    )
    heard = [json.loads(m) for m in page.evaluate("window.__heard")]
    assert heard and all(m.get("type") == "thoughtful:height" for m in heard), heard
    assert not any("token" in json.dumps(m) for m in heard)
    assert not csp_errors, csp_errors
