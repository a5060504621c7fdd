"""Origins and page addresses are normalised, so one page is one thread (issue 13)."""

from __future__ import annotations

import pytest

from thoughtful.embed.origins import (
    normalise_origin,
    normalise_page_url,
    origin_of,
    parse_origin_list,
)


def test_origin_is_lower_case_without_default_port() -> None:
    assert origin_of("HTTPS://Blog.Example.org:443/a/b?c#d") == "https://blog.example.org"
    assert origin_of("http://localhost:8001/x") == "http://localhost:8001"
    assert origin_of("http://127.0.0.1:80/") == "http://127.0.0.1"


def test_page_address_drops_the_fragment_and_keeps_the_query() -> None:
    assert (
        normalise_page_url("https://Blog.example.org:443/Posts/1?p=2#comments")
        == "https://blog.example.org/Posts/1?p=2"
    )
    assert normalise_page_url("https://blog.example.org") == "https://blog.example.org/"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "javascript:alert(1)",
        "ftp://example.org/",
        "https://user:pw@example.org/",
        "https:///nohost",
        "https://example.org:99999/",
        "https://exa mple.org/",
        "https://example.org/\x00",
        "https://example.org/" + "x" * 1000,
    ],
)
def test_unusable_addresses_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise_page_url(bad)


def test_an_admins_origin_list() -> None:
    assert parse_origin_list("https://a.example\n http://localhost:8001, https://A.example/") == [
        "https://a.example",
        "http://localhost:8001",
    ]
    with pytest.raises(ValueError):
        normalise_origin("https://a.example/blog")
