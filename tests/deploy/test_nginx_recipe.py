"""The production recipe deploy/nginx/thoughtful.conf, run as it is by Debian's nginx in front
of Django's live server (issue 12): anonymous pages come from nginx's cache, signed-in pages
never do, a change reaches the cached page, static files come from disk."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import actions as discussion_actions
from thoughtful.ops import nginx as nginx_recipe
from thoughtful.publishing.models import Essay


@dataclass
class Front:
    url: str
    static_root: Path


@pytest.fixture
def nginx(live_server: Any, tmp_path: Path) -> Iterator[Front]:
    port = nginx_recipe.free_port()
    static_root = tmp_path / "static"
    static_root.mkdir()
    conf = nginx_recipe.write_config(
        tmp_path,
        upstream_port=int(live_server.url.rsplit(":", 1)[1]),
        listen_port=port,
        static_root=static_root,
        media_root=tmp_path / "media",
    )
    process = nginx_recipe.start(conf, listen_port=port)
    try:
        yield Front(url=f"http://127.0.0.1:{port}", static_root=static_root)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url: str, cookie: str = "") -> tuple[str, dict[str, str]]:
    # Only ever the loopback nginx this module starts (S310 warns about file: URLs).
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read().decode(), dict(response.headers)


@pytest.fixture
def essay(transactional_db: None, settings: Any) -> Essay:
    settings.PAGE_CACHE_SECONDS = 120
    settings.PAGE_S_MAXAGE, settings.PAGE_STALE_WHILE_REVALIDATE = 1, 10
    essay = EssayFactory(title="A page many people read")
    CommentFactory(essay=essay, body="An early, kind reply.")
    return essay


def test_a_second_anonymous_view_is_a_cache_hit(nginx: Front, essay: Essay) -> None:
    url = nginx.url + essay.get_absolute_url()
    first, headers = _get(url)
    assert headers["X-Cache-Status"] == "MISS"
    assert headers["Cache-Control"].startswith("public")
    again, headers = _get(url, cookie="tv=abc; csrftoken=" + "x" * 32)  # other visitor cookies
    assert headers["X-Cache-Status"] == "HIT"
    assert again == first and "A page many people read" in again


def test_signed_in_pages_are_never_cached(nginx: Front, essay: Essay) -> None:
    url = nginx.url + essay.get_absolute_url()
    _get(url)
    _get(url)  # the anonymous copy is cached now
    reader = UserFactory(display_name="Rhea Reader")
    client = Client()
    client.force_login(reader)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        page, headers = _get(url, cookie=cookie)
        assert headers["X-Cache-Status"] == "BYPASS"
        assert "no-store" in headers["Cache-Control"]
        assert "Rhea Reader" in page and "csrfmiddlewaretoken" in page
    # …and what they saw was never stored for anyone else.
    page, headers = _get(url)
    assert headers["X-Cache-Status"] in {"HIT", "STALE", "UPDATING", "EXPIRED"}
    assert "Rhea Reader" not in page and "csrfmiddlewaretoken" not in page


def test_a_new_comment_reaches_the_cached_page(nginx: Front, essay: Essay) -> None:
    url = nginx.url + essay.get_absolute_url()
    _get(url)
    assert _get(url)[1]["X-Cache-Status"] == "HIT"
    discussion_actions.post_comment(
        author=UserFactory(), essay=essay, body="A late, careful and generous answer."
    )
    # s-maxage is 1 s here: within a few seconds nginx has fetched the new version (it may
    # answer the stale copy once while it does, in the background).
    seen: list[str] = []
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        page, headers = _get(url)
        seen.append(headers["X-Cache-Status"])
        if "A late, careful and generous answer." in page:
            break
        time.sleep(0.3)
    else:
        pytest.fail(f"the new comment never reached nginx's copy: {seen}")
    page, headers = _get(url)
    assert "A late, careful and generous answer." in page


def test_static_files_come_from_disk(nginx: Front, transactional_db: None) -> None:
    (nginx.static_root / "probe.txt").write_text("served by nginx\n")
    body, headers = _get(nginx.url + "/static/probe.txt")
    assert body == "served by nginx\n"
    assert "immutable" in headers["Cache-Control"]
