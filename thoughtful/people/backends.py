"""The one authentication backend: every password sign-in (the site's form, Django admin's login,
anything calling django.contrib.auth.authenticate) passes the throttle here, so no path can
forget it (issue 14, items 2 and 5).

In order:
1. The address has failed too often (on any path, API keys included): refused before the password
   is looked at, so the right password does not get in. The form answers 429 with Retry-After.
2. The account has failed too often, from anywhere: it is *locked*. The password alone no longer
   signs in, except from a browser where this person signed in before (a known-device cookie).
   Elsewhere, the right password sends a one-time sign-in link to the account's email (the
   second factor, which lifts the lock); a wrong one is one more failure. Both answers, and the
   answer for an account that doesn't exist, are the same, and both count against the address,
   so neither the wording nor the address's remaining allowance tells a guesser they were right.
3. Otherwise, Django's ModelBackend checks the password.

Django's `authenticate()` turns a refusal into None; the reason is left on the request
(`refusal_for`) for forms that want to say more than "wrong password".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from thoughtful.people import sign_in_links
from thoughtful.people.models import User
from thoughtful.security import devices, throttle
from thoughtful.security.client import client_ip

BACKEND = "thoughtful.people.backends.ThrottledModelBackend"  # settings.AUTHENTICATION_BACKENDS
_REFUSAL_ATTR = "_thoughtful_sign_in_refusal"

LOCKED_MESSAGE = (
    "There have been too many failed attempts to sign in to this account, so its password alone "
    "no longer signs in from this browser for now. If the username and password you entered are "
    "right, we have emailed the account a one-time link that signs you in."
)


@dataclass(frozen=True)
class Refusal:
    code: str  # "throttled" (the address) or "locked" (the account)
    message: str
    retry_after: int | None = None


def throttled_refusal(retry_after: int) -> Refusal:
    minutes = max(1, -(-retry_after // 60))
    return Refusal(
        "throttled",
        "Too many failed sign-in attempts. Please wait "
        f"{minutes} minute{'s' if minutes != 1 else ''} and try again.",
        retry_after,
    )


def refusal_for(request: HttpRequest | None) -> Refusal | None:
    """Why the last authenticate() on this request was refused, if the throttle refused it."""
    return getattr(request, _REFUSAL_ATTR, None) if request is not None else None


def _refuse(request: HttpRequest | None, refusal: Refusal) -> None:
    if request is not None:
        setattr(request, _REFUSAL_ATTR, refusal)
    # PermissionDenied (not None): authenticate() stops here instead of trying another backend.
    raise PermissionDenied(refusal.message)


class ThrottledModelBackend(ModelBackend):
    @sensitive_variables("password")
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        # Code with no request (the shell, management commands) has no address to count.
        ip = client_ip(request) if request is not None else None
        if ip is not None:
            try:
                throttle.check_address(client_ip=ip)
            except throttle.Throttled as exc:
                _refuse(request, throttled_refusal(exc.retry_after))
        device = devices.read(request) if request is not None else None
        known_device = (
            device is not None
            and device.knows(username)
            and not throttle.device_exhausted(device_id=device.device_id)
        )
        locked = throttle.account_locked(username=username)
        device_id = device.device_id if device is not None else None

        user = super().authenticate(request, username=username, password=password, **kwargs)

        if locked and not known_device:
            throttle.record_failure(client_ip=ip, username=username, device_id=device_id)
            if user is not None:
                sign_in_links.request_link(user=user)
            _refuse(request, Refusal("locked", LOCKED_MESSAGE))
        if user is None:
            throttle.record_failure(client_ip=ip, username=username, device_id=device_id)
            return None
        if not locked:
            # A few typos, then the right password: start counting afresh. A lock is lifted only
            # by the emailed link, so signing in on a known device leaves the guesser locked out.
            throttle.clear_account(username=username)
        if request is not None:
            devices.remember(request, username=username)
        return user

    # ModelBackend has its own async path that would skip all of the above; take the sync one.
    @sensitive_variables("password")
    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )
