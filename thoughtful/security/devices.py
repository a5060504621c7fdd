"""Known devices (OWASP's "device cookies"): a browser in which someone signed in successfully
carries a signed cookie naming that account, and keeps the plain password path open for it while
the account is locked by someone else's failures (issue 14, item 5).

The cookie is signed with SECRET_KEY (so it can't be forged or moved to another account), holds
a random device id (its own failures are counted, see throttle.device_exhausted) and the
account keys (hashes of the names, not the names) of the last few people who signed in here.
Signing in from a browser refreshes it; it expires after LOGIN_KNOWN_DEVICE_DAYS.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from thoughtful.security.throttle import account_key

COOKIE = "known_device"
_SALT = "thoughtful.security.devices"
_MAX_ACCOUNTS = 5  # a shared family computer; more than this is not a "device" any more
_REMEMBER_ATTR = "_thoughtful_known_device"


@dataclass(frozen=True)
class KnownDevice:
    device_id: str
    accounts: tuple[str, ...]

    def knows(self, username: str) -> bool:
        return account_key(username) in self.accounts


def _max_age() -> int:
    return int(settings.LOGIN_KNOWN_DEVICE_DAYS) * 24 * 60 * 60


def read(request: HttpRequest) -> KnownDevice | None:
    """The device this request's cookie vouches for, or None (missing, forged, expired)."""
    raw = request.COOKIES.get(COOKIE)
    if not raw or len(raw) > 2048:
        return None
    try:
        data = signing.loads(raw, salt=_SALT, max_age=_max_age())
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict):
        return None
    device_id, accounts = data.get("d"), data.get("a")
    if not isinstance(device_id, str) or not isinstance(accounts, list):
        return None
    return KnownDevice(device_id, tuple(a for a in accounts if isinstance(a, str)))


def remember(request: HttpRequest, *, username: str) -> None:
    """Mark this browser as known for `username`; KnownDeviceMiddleware writes the cookie."""
    setattr(request, _REMEMBER_ATTR, account_key(username))


def _cookie_value(request: HttpRequest, account: str) -> str:
    device = read(request)
    device_id = device.device_id if device else secrets.token_urlsafe(16)
    accounts = [a for a in (device.accounts if device else ()) if a != account]
    accounts = [*accounts, account][-_MAX_ACCOUNTS:]
    return signing.dumps({"d": device_id, "a": accounts}, salt=_SALT, compress=True)


class KnownDeviceMiddleware:
    """Writes the cookie after a successful sign-in on any path (the authentication backend
    marks the request), so no sign-in view has to remember to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        account = getattr(request, _REMEMBER_ATTR, None)
        if account is not None:
            response.set_cookie(
                COOKIE,
                _cookie_value(request, account),
                max_age=_max_age(),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
