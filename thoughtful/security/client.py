"""The client's address, the one place every throttle, rate limit and read counter reads it.

Behind a reverse proxy every request comes from the proxy: REMOTE_ADDR alone would put every
reader in one bucket, so one person's failed sign-ins would lock everyone out (issue 14, item 5).
X-Forwarded-For, though, is written by the client as much as by proxies. So it is believed only
when the request came from one of our TRUSTED_PROXIES, and only its rightmost entries: each of our
proxies appends the address it saw, so we walk from the right past our own proxies, and the first
entry that is not ours was written by our outermost proxy about the real client. Everything to
its left is the client's own say.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: IPAddress) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return any(address in network for network in networks)


def _parse(raw: str) -> IPAddress | None:
    """An address as proxies write it: bare, `v4:port`, or `[v6]:port`."""
    text = raw.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str:
    """The client's address as text, or "unknown" when the server gave none."""
    remote = _parse(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return UNKNOWN
    if not _trusted(remote):
        return str(remote)
    hop = remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for entry in reversed(forwarded.split(",")):
        if not entry.strip():
            continue
        address = _parse(entry)
        if address is None:
            # Our proxies write addresses; anything else came from beyond them, so the last
            # address we can vouch for is the hop that passed it on.
            return str(hop)
        if not _trusted(address):
            return str(address)
        hop = address
    return str(hop)
