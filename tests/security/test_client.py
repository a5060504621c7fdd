"""The client's address: REMOTE_ADDR, or the rightmost X-Forwarded-For entry that is not one of
our TRUSTED_PROXIES, and only when REMOTE_ADDR itself is a trusted proxy (issue 14, item 5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from thoughtful.security.client import client_ip


def address(remote: str, forwarded: str | None = None) -> str:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert address("203.0.113.5", "192.0.2.1") == "203.0.113.5"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.5", "192.0.2.1", "192.0.2.1"),
        # The client wrote the left part; the proxy appended what it saw.
        ("10.0.0.5", "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        # Two proxies of ours in a row: skip both.
        ("10.0.0.5", "192.0.2.1, 10.1.2.3", "192.0.2.1"),
        ("10.0.0.5", "192.0.2.1,10.1.2.3 ,  10.9.9.9", "192.0.2.1"),
        # Everything in the header is ours (or it is empty): the nearest hop is the client.
        ("10.0.0.5", "10.1.1.1", "10.1.1.1"),
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", None, "10.0.0.5"),
        # IPv6, with the trusted range given as a CIDR.
        ("fd00::1", "2001:db8::7", "2001:db8::7"),
        ("fd00::1", "2001:DB8:0::7", "2001:db8::7"),
        # Ports some proxies append.
        ("10.0.0.5", "192.0.2.1:5123", "192.0.2.1"),
        ("10.0.0.5", "[2001:db8::7]:443", "2001:db8::7"),
        # Garbage where the client's address should be: not trusted, so the proxy's hop counts.
        ("10.0.0.5", "192.0.2.1, not-an-address", "10.0.0.5"),
        # Not sent by a trusted proxy: the header is the client's own invention.
        ("203.0.113.5", "192.0.2.1", "203.0.113.5"),
        ("203.0.113.5", "10.0.0.1", "203.0.113.5"),
    ],
)
def test_behind_trusted_proxies(settings: Any, remote: str, forwarded: str, expected: str) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert address(remote, forwarded) == expected


def test_a_single_trusted_address(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert address("127.0.0.1", "192.0.2.1") == "192.0.2.1"
    assert address("127.0.0.2", "192.0.2.1") == "127.0.0.2"


def test_missing_remote_addr(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == "unknown"
