"""One HTTP POST to an endpoint, safely: short timeouts, no redirects, no private addresses.

- The host name is resolved once and the connection goes to the address that was checked, so
  DNS cannot answer "public" to the check and "127.0.0.1" to the connection (rebinding).
- Redirects are not followed (a 3xx is a failed attempt, naming where it pointed): a receiver
  could otherwise bounce the signed payload to a host nobody registered.
- Connect and read each have their own timeout; only the status line and headers are read, and
  at most BODY_LIMIT bytes of the answer, so a slow or chatty endpoint costs the worker seconds.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from thoughtful.webhooks import conf

BODY_LIMIT = 4096


class Refused(Exception):
    """The URL may not be sent to (scheme, private address, unresolvable host)."""


@dataclass(frozen=True)
class Result:
    status_code: int | None
    elapsed_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int) -> str:
    """The address to connect to; Refused if none is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"cannot resolve {host}: {exc}") from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise Refused(f"cannot resolve {host}")
    if not conf.allow_private_addresses():
        # Every address must be public: one private answer among public ones is an attack.
        private = [a for a in addresses if _forbidden(a)]
        if private:
            raise Refused(f"{host} resolves to a private or local address ({private[0]})")
    return addresses[0]


def check_url(url: str) -> None:
    """Raise Refused for a URL that can never be sent to (used when an endpoint is saved too)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("the URL must start with http:// or https:// and name a host")
    if parts.username or parts.password:
        raise Refused("the URL must not contain a user name or password")
    if not conf.allow_private_addresses():
        try:
            if _forbidden(parts.hostname):
                raise Refused("private and local addresses are not allowed")
        except ValueError:
            pass  # a name, resolved (and checked) when sending
        if parts.hostname == "localhost" or parts.hostname.endswith(".localhost"):
            raise Refused("private and local addresses are not allowed")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, connect: float, read: float):
        super().__init__(host, port, timeout=connect)
        self._address, self._read = address, read

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        sock.settimeout(self._read)
        self.sock = sock


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, connect: float, read: float):
        super().__init__(host, port, timeout=connect, context=ssl.create_default_context())
        self._address, self._read = address, read

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        sock.settimeout(self._read)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Result:
    """POST body to url; never raises for network trouble (it is in Result.error)."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        check_url(url)
        parts = urlsplit(url)
        host = parts.hostname or ""
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        address = resolve(host, port)
        kind = _PinnedHTTPS if https else _PinnedHTTP
        conn = kind(
            host, port, address=address, connect=conf.connect_timeout(), read=conf.read_timeout()
        )
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    **headers,
                    "Content-Type": "application/json",
                    "User-Agent": "thoughtful-webhooks/1",
                },
            )
            response = conn.getresponse()
            response.read(BODY_LIMIT)
            status = response.status
            if 300 <= status < 400:
                where = (response.getheader("Location") or "")[:150]
                return Result(status, elapsed(), f"redirect not followed (to {where!r})")
            return Result(status, elapsed(), "" if 200 <= status < 300 else f"HTTP {status}")
        finally:
            conn.close()
    except Refused as exc:
        return Result(None, elapsed(), f"refused: {exc}"[:300])
    except TimeoutError:
        return Result(None, elapsed(), "timed out")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return Result(None, elapsed(), f"{type(exc).__name__}: {exc}"[:300])
