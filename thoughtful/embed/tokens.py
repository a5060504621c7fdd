"""The embed's sign-in token (issue 13): the thread runs in a frame under another site, where
browsers withhold our cookies, so the reader signs in in a popup on our own origin and the popup
hands the frame this short-lived signed token (window.opener.postMessage, to our origin only).
The frame sends it back as `Authorization: Bearer …` on its requests.

The token names the person and the embedding site, and carries a digest of the person's
session hash: it stops working when it expires, when the person changes their password, or
when it is shown for another site. It is never a cookie, so the host page has no way to read
it, and a request that carries no token gets nothing of the reader's.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from thoughtful.embed.models import EmbedSite
from thoughtful.people.models import User

SALT = "thoughtful.embed.token"
DEFAULT_MAX_AGE = 30 * 60  # seconds; settings.EMBED_TOKEN_MAX_AGE overrides
MAX_TOKEN_LENGTH = 400


def max_age() -> int:
    return int(getattr(settings, "EMBED_TOKEN_MAX_AGE", DEFAULT_MAX_AGE))


def _fingerprint(person: User) -> str:
    # Django's session hash changes with the password: signing out everywhere covers this too.
    return hashlib.sha256(person.get_session_auth_hash().encode()).hexdigest()[:16]


def issue(*, person: User, site: EmbedSite) -> str:
    return signing.dumps(
        {"u": person.pk, "s": site.pk, "f": _fingerprint(person)}, salt=SALT, compress=False
    )


def read(token: str, *, site: EmbedSite) -> User | None:
    """The active person the token names for this site, or None (expired, tampered, another
    site's, the password changed since, or the account closed)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or data.get("s") != site.pk:
        return None
    person_id = data.get("u")
    if not isinstance(person_id, int):
        return None
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None or data.get("f") != _fingerprint(person):
        return None
    return person


def bearer(request: HttpRequest) -> str:
    """The token in `Authorization: Bearer …`, or ""."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return value.strip()
