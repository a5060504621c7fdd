"""Who is calling the JSON API, and with which scopes (issue 13).

- A personal access token (`Authorization: Bearer thp_…`, thoughtful.tokens): acts as its
  owner within its scopes. A wrong, revoked or malformed token is a 401, never a silent fall
  back to anonymous, and counts in the one sign-in throttle (security.throttle).
- The site's own session cookie: the signed-in person, with every scope (the person's
  permissions still decide); writes need the CSRF token, as any form does.
- Nobody, on the routes that allow it (public reads).

Each is rate limited per minute (api.ratelimit). The result is a `Caller` on `request.auth`;
routes ask for the scope they need with `require_scope`, and the actions check permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from thoughtful.api import ratelimit
from thoughtful.api.errors import ApiError
from thoughtful.people import permissions
from thoughtful.people.models import User
from thoughtful.security.client import client_ip
from thoughtful.tokens import actions as token_actions
from thoughtful.tokens.models import AccessToken, Scope

ALL_SCOPES = frozenset(Scope.values)


@dataclass(frozen=True)
class Caller:
    person: User | AnonymousUser
    scopes: frozenset[str]
    token: AccessToken | None = None

    @property
    def is_authenticated(self) -> bool:
        return bool(self.person.is_authenticated)


def _rate_limited(bucket: str, kind: str) -> None:
    wait = ratelimit.retry_after(bucket, ratelimit.limit_for(kind))
    if wait is not None:
        raise ApiError(
            429,
            "rate_limited",
            f"Too many requests; retry in {wait} s.",
            headers={"Retry-After": str(wait)},
        )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal access token>`."""

    def __init__(self, *, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope  # the scope every route behind this auth needs (the moderation API)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return self.caller(request, token)

    def caller(self, request: HttpRequest, token: str) -> Caller:
        found = token_actions.authenticate(token.strip(), client_ip=client_ip(request))
        if found is None:
            raise AuthenticationError(401, "That token is not valid (wrong, or revoked).")
        _rate_limited(f"token:{found.pk}", "token")
        caller = Caller(person=found.owner, scopes=found.scope_set, token=found)
        if self.scope is not None:
            require_scope(caller, self.scope)
        # Actions and selectors read request.user like the pages do.
        request.user = found.owner
        return caller


class CookieAuth(SessionAuth):
    """The site's session; CSRF-checked for writes (ninja's SessionAuth does the check)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None
        _rate_limited(f"user:{user.pk}", "session")
        return Caller(person=user, scopes=ALL_SCOPES)


class Anonymous:
    """Lets a public read through without credentials (not in the schema's security)."""

    def __call__(self, request: HttpRequest) -> Caller:
        _rate_limited(f"ip:{client_ip(request)[:64]}", "anonymous")
        return Caller(person=AnonymousUser(), scopes=frozenset({Scope.READ}))


def public() -> list[Any]:
    """Anyone; a token or session when sent (a bad token is still a 401)."""
    return [TokenAuth(), CookieAuth(), Anonymous()]


def signed_in() -> list[Any]:
    return [TokenAuth(), CookieAuth()]


def caller_of(request: HttpRequest) -> Caller:
    caller = getattr(request, "auth", None)
    assert isinstance(caller, Caller)
    return caller


def require_scope(caller: Caller, scope: str) -> None:
    if not caller.is_authenticated:
        raise ApiError(401, "not_authenticated", "Sign in, or send a personal access token.")
    if scope not in caller.scopes:
        raise ApiError(403, "scope", f"This token lacks the {scope!r} scope.")


def person_of(request: HttpRequest, scope: str) -> User:
    """The signed-in person behind the request, with `scope`; else 401/403."""
    caller = caller_of(request)
    require_scope(caller, scope)
    assert isinstance(caller.person, User)
    return caller.person


class ModeratorTokenAuth(TokenAuth):
    """A token with the moderate scope whose owner may moderate (people.permissions)."""

    def __init__(self) -> None:
        super().__init__(scope=Scope.MODERATE)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # The moderation routes read the moderator from request.auth, as with a session.
        caller = self.caller(request, token)
        if not permissions.can_moderate(caller.person):
            raise ApiError(403, "forbidden", "Only moderators can do that.")
        return caller.person
