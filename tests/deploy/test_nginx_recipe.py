"""The production recipe deploy/nginx/thoughtful.conf, run as it is by Debian's nginx in front
of Django's live server (issue 12): anonymous pages come from nginx's cache, signed-in pages
never do, a change reaches the cached page, static files come from disk."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import actions as discussion_actions
from thoughtful.publishing.models import Essay

RECIPE = Path(django_settings.BASE_DIR) / "deploy" / "nginx" / "thoughtful.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _replace(text: str, old: str, new: str) -> str:
    # Each edit an operator makes must still be possible: fail loudly if the recipe drifted.
    assert old in text, f"the recipe no longer contains {old!r}"
    return text.replace(old, new)


@dataclass
class Front:
    url: str
    static_root: Path


@pytest.fixture
def nginx(live_server: Any, tmp_path: Path) -> Iterator[Front]:
    assert os.path.exists(NGINX), "Debian's nginx is needed: apt-get install nginx (.ci/run)"
    port = _free_port()
    static_root = tmp_path / "static"
    static_root.mkdir()
    upstream = live_server.url.rsplit(":", 1)[1]
    site = RECIPE.read_text()
    site = _replace(site, "/var/cache/nginx/thoughtful", str(tmp_path / "cache"))
    site = _replace(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{port};")
    site = _replace(site, "listen [::]:80;", "")
    site = _replace(site, "/srv/thoughtful/var/static/", f"{static_root}/")
    site = _replace(site, "/srv/thoughtful/var/media/", f"{tmp_path}/media/")
    (tmp_path / "thoughtful.conf").write_text(site)
    temp = {k: tmp_path / k for k in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        # Debian's nginx.conf, cut to what a test needs; the site file is included unchanged.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        + "events { worker_connections 256; }\nhttp {\n  access_log off;\n"
        + "".join(f"  {k}_temp_path {v};\n" for k, v in temp.items()).replace(
            "body_temp", "client_body_temp"
        )
        + "  include /etc/nginx/mime.types;\n"
        + f"  include {tmp_path}/thoughtful.conf;\n}}\n"
    )
    conf = tmp_path / "nginx.conf"
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    args = [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)]
    process = subprocess.Popen([*args, "-g", "daemon off;"])
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
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
