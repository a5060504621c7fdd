"""One throttle for every way in (issue 14, item 2): the site's sign-in form, Django admin's
login (both through people.backends), API keys and Perspective keys (scoring.keys), and emailed
sign-in links. Failures on any of them count on all of them.

Failed attempts are counted in the cache (Redis when configured, so every web worker shares them
and they cost no database writes), per client address and per account:

- An address with LOGIN_FAILURE_LIMIT failures is refused outright on every path, before any
  secret is looked at, so the right password or key does not get in (`check_address` raises
  `Throttled`; answer 429 with Retry-After where the protocol allows).
- An account with LOGIN_FAILURE_LIMIT failures, from anywhere, is *locked*. This module only
  counts; people.backends decides what a lock means (the password alone no longer signs in:
  a known device or an emailed link does), so the owner is never locked out by someone else.

Windows slide: a count lasts LOGIN_FAILURE_WINDOW_SECONDS after the last failure it counted, so
steady guessing keeps an account locked instead of earning a fresh allowance every window.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache


class Throttled(Exception):
    """Too many failures from this address: refuse without checking anything."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed attempts; retry after {retry_after} s")
        self.retry_after = retry_after


def account_key(username: str) -> str:
    """Accounts are counted by the name typed, existing or not, so the counters (and the answers
    built on them) never tell whether an account exists."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _address_key(client_ip: str) -> str:
    # One IPv6 host is usually given a whole /64: counting single addresses there would give a
    # guesser 2^64 fresh allowances.
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return f"auth-fail:ip:{client_ip[:64]}"
    if isinstance(address, ipaddress.IPv6Address):
        return f"auth-fail:ip:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"auth-fail:ip:{address}"


def _account_cache_key(username: str) -> str:
    return f"auth-fail:account:{account_key(username)}"


def _device_cache_key(device_id: str) -> str:
    return f"auth-fail:device:{device_id}"


def _limit() -> int:
    return int(settings.LOGIN_FAILURE_LIMIT)


def _window() -> int:
    return int(settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _hit(key: str) -> None:
    window = _window()
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
            cache.touch(key, window)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
    # When the count ends, for Retry-After (caches don't portably say how long a key has left).
    cache.set(f"{key}:until", time.time() + window, timeout=window)


def _retry_after(key: str) -> int:
    until = cache.get(f"{key}:until")
    if until is None:
        return _window()
    return max(1, math.ceil(float(until) - time.time()))


def check_address(*, client_ip: str) -> None:
    """Raise Throttled when this address has failed too often (on any path)."""
    key = _address_key(client_ip)
    if _count(key) >= _limit():
        raise Throttled(_retry_after(key))


def account_locked(*, username: str) -> bool:
    return _count(_account_cache_key(username)) >= _limit()


def device_exhausted(*, device_id: str) -> bool:
    """A known-device cookie that has itself failed too often stops being honoured, so a stolen
    cookie is no way around the account lock."""
    return _count(_device_cache_key(device_id)) >= _limit()


def record_failure(
    *, client_ip: str | None, username: str | None = None, device_id: str | None = None
) -> None:
    """Count one failed attempt against the address, and the account and device when known."""
    if client_ip is not None:
        _hit(_address_key(client_ip))
    if username is not None:
        _hit(_account_cache_key(username))
    if device_id is not None:
        _hit(_device_cache_key(device_id))


def clear_account(*, username: str) -> None:
    """Forget an account's failures (its owner proved who they are). The address count stays:
    it limits whoever is at that address, whichever account they try."""
    key = _account_cache_key(username)
    cache.delete_many([key, f"{key}:until"])


def reset_requests_exceeded(*, client_ip: str, email: str) -> bool:
    """Count one password-reset request; True when this address or this email has asked more
    than LOGIN_FAILURE_LIMIT times within the window. Separate counts from sign-in failures (a
    forgotten password is not a guess), but the same limits: nobody can use the reset form to
    flood an inbox, and a refused request answers like any other (the address is not revealed)."""
    return requests_exceeded(scope="reset-req", client_ip=client_ip, email=email)


def requests_exceeded(*, scope: str, client_ip: str, email: str) -> bool:
    """Count one request that sends an email (a reset link, a newsletter opt-in); True when
    this address or this email asked more than LOGIN_FAILURE_LIMIT times in the window."""
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    keys = [f"{scope}:ip:{_address_key(client_ip)}", f"{scope}:email:{email_key}"]
    for key in keys:
        _hit(key)
    return any(_count(key) > _limit() for key in keys)
