"""Web origins and page addresses, normalised so that one page is one thread (issue 13).

An origin is "scheme://host[:port]" in lower case without the default port; a page's address
is its origin plus path and query, without the fragment. Anything else (another scheme,
credentials in the URL, control characters, over-long) is refused with ValueError.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit, urlunsplit

MAX_URL_LENGTH = 1000
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split(value: str) -> tuple[SplitResult, str, str, int | None]:
    text = value.strip()
    if not text or len(text) > MAX_URL_LENGTH:
        raise ValueError("an address of 1 to 1000 characters")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        raise ValueError("no spaces or control characters in an address")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("an http or https address")
    if parts.username is not None or parts.password is not None:
        raise ValueError("no user name or password in an address")
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError("an address with a host")
    port = parts.port  # ValueError for a port out of range or not a number
    return parts, scheme, host, port


def _netloc(scheme: str, host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return shown
    return f"{shown}:{port}"


def origin_of(value: str) -> str:
    """The normalised origin of an address or of an origin ("https://Example.org:443/x" →
    "https://example.org")."""
    _, scheme, host, port = _split(value)
    return f"{scheme}://{_netloc(scheme, host, port)}"


def normalise_origin(value: str) -> str:
    """An origin as an admin types it: only scheme, host and port are allowed."""
    parts, scheme, host, port = _split(value)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("an origin is scheme://host[:port], without a path")
    return f"{scheme}://{_netloc(scheme, host, port)}"


def normalise_page_url(value: str) -> str:
    """A page's canonical address: the same page always gives the same string."""
    parts, scheme, host, port = _split(value)
    path = parts.path or "/"
    return urlunsplit((scheme, _netloc(scheme, host, port), path, parts.query, ""))


def parse_origin_list(text: str) -> list[str]:
    """One origin a line (or separated by spaces or commas), normalised, duplicates dropped."""
    seen: list[str] = []
    for raw in text.replace(",", " ").split():
        origin = normalise_origin(raw)
        if origin not in seen:
            seen.append(origin)
    return seen
