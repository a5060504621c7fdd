"""Shared test setup: real database, no network, tasks run inline, media in a temp folder."""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told the code is in fact synchronous (it is: one thread drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    """Tests may talk to local services (PostgreSQL, Redis, the live server), nothing else."""
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            raise OSError(f"network access blocked in tests: {address!r}")
    return _real_connect(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]

# The scorer's site layer (issue 10) lives in the operator's data directory: tests never pick up
# one a developer activated locally. Tests that need one point this at their tmp_path.
os.environ["THOUGHTFUL_SCORING_ADAPT_DIR"] = os.path.join(
    tempfile.gettempdir(), f"thoughtful-tests-no-adapt-{os.getpid()}"
)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    # Page versions are bumped after commit, which a test's wrapping transaction never does:
    # the Django-side page cache is off unless a test turns it on (tests/web/test_pagecache.py
    # does, and runs the commits). The Cache-Control headers are the same either way.
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_LIST_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # BROWSER_TESTS=0 leaves the browser tests out on purpose (make test says so); they are
    # deselected, not skipped, so a run never reports them as passing.
    if os.environ.get("BROWSER_TESTS", "1") == "0":
        kept = [i for i in items if "browser" not in i.keywords]
        config.hook.pytest_deselected(items=[i for i in items if "browser" in i.keywords])
        items[:] = kept
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)
    # Tests marked `postgres` exercise what only PostgreSQL has (row locks across
    # connections); on SQLite they are deselected and the run says so, rather than skipped.
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pg_only = [i for i in items if "postgres" in i.keywords]
        if pg_only:
            config.hook.pytest_deselected(items=pg_only)
            items[:] = [i for i in items if "postgres" not in i.keywords]
