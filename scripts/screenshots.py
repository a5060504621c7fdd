#!/usr/bin/env python3
"""Regenerate the README's screenshots (docs/screenshots/*.png) from the demo publication.

    make run                                  # in one terminal: the demo on :8000
    .venv/bin/python scripts/screenshots.py   # in another (BASE_URL=... to point elsewhere)

Drives Debian's Chromium through Playwright (CHROMIUM_PATH overrides /usr/bin/chromium), signs in
as each demo account, and saves one 1000-pixel-wide view per role's tour stop. Each PNG is
reduced to a 96-colour palette so it stays well under 150 KB.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
BASE = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD", "thoughtful-demo")
WIDTH, HEIGHT = 1000, 720
COLOURS = 96


def _sign_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{BASE}/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _first_essay_href(page: Page, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"nothing matches {selector} on {page.url}"
    return href


def _front(page: Page) -> None:
    page.context.clear_cookies()
    page.goto(BASE + "/")


def _discussion(page: Page) -> None:
    _sign_in(page, "reader")
    page.goto(BASE + "/")
    page.goto(BASE + _first_essay_href(page, "a.lead-link"))
    page.locator("#comments").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#comments').scrollIntoView()")


def _new_essay(page: Page) -> None:
    _sign_in(page, "contributor")
    page.goto(BASE + "/desk/new/")
    page.get_by_label("Title").fill("What the allotment taught me")
    page.get_by_label("Body").fill(
        "The first spring after the diagnosis I dug **everything** over.\n\n"
        "> You can't hurry a parsnip.\n\nMy neighbour said that, and she was right."
    )
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()


def _board(page: Page) -> None:
    _sign_in(page, "editor")
    page.goto(BASE + "/desk/board/")


def _workbench(page: Page) -> None:
    _sign_in(page, "editor")
    page.goto(BASE + "/desk/board/")
    page.goto(BASE + _first_essay_href(page, "#stage-in_edit ~ table a"))


def _copy_desk(page: Page) -> None:
    _sign_in(page, "copyeditor")
    page.goto(BASE + "/desk/")


def _moderation(page: Page) -> None:
    _sign_in(page, "moderator")
    page.goto(BASE + "/desk/moderation/")


def _protection(page: Page) -> None:
    _sign_in(page, "moderator")
    page.goto(BASE + "/desk/moderation/shield/essays/")


def _mailbox(page: Page) -> None:
    _sign_in(page, "admin")
    page.goto(BASE + "/desk/mail/")


SHOTS: list[tuple[str, Callable[[Page], None]]] = [
    ("front-page", _front),
    ("discussion", _discussion),
    ("new-essay-preview", _new_essay),
    ("editors-board", _board),
    ("workbench", _workbench),
    ("copy-desk", _copy_desk),
    ("moderation-desk", _moderation),
    ("protection-levels", _protection),
    ("mailbox", _mailbox),
]


def _save(png: bytes, path: Path) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path.stat().st_size


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for name, stage in SHOTS:
            if only and name not in only:
                continue
            stage(page)
            size = _save(page.screenshot(), OUT / f"{name}.png")
            print(f"{name}.png  {size // 1024} KB")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
