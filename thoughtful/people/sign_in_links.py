"""One-time sign-in links: the second factor that opens a locked account to its owner.

When guessing has locked an account (security.throttle), the right password alone no longer
signs in from an unknown browser; instead people.backends asks for a link to be emailed here.
The link proves the person also holds the account's mailbox. It works once (the token hashes
last_login, which signing in changes), expires after LOGIN_LINK_MAX_AGE_SECONDS, and is useless
for password resets (its own salt).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from thoughtful.people.models import User

logger = logging.getLogger(__name__)

# At most one link per account per this many seconds: the owner retrying the password while
# the first email is on its way shouldn't fill their inbox.
RESEND_AFTER_SECONDS = 60


class SignInLinkTokens(PasswordResetTokenGenerator):
    key_salt = "thoughtful.people.sign_in_links"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        # The parent allows PASSWORD_RESET_TIMEOUT (days); a sign-in link should live minutes.
        assert token is not None
        issued = base36_to_int(token.split("-")[0])
        age = self._num_seconds(self._now()) - issued
        return age <= int(settings.LOGIN_LINK_MAX_AGE_SECONDS)


tokens = SignInLinkTokens()


def link_path(user: User) -> str:
    return reverse(
        "people:sign-in-link",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": tokens.make_token(user),
        },
    )


def user_for_link(*, uidb64: str, token: str) -> User | None:
    """The active person the link was made for, if it is still good; else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or len(token) > 64 or not tokens.check_token(user, token):
        return None
    return user


def request_link(*, user: User) -> None:
    """Queue the email (a task, so the answer to the sign-in attempt takes the same time whether
    the password was right or not)."""
    if not user.email or not cache.add(
        f"sign-in-link-sent:{user.pk}", 1, timeout=RESEND_AFTER_SECONDS
    ):
        return
    from thoughtful.people import tasks

    try:
        tasks.send_sign_in_link.enqueue(user.pk)
    except Exception:  # the answer must not change (or fail) because email is down
        logger.exception("could not enqueue a sign-in link for person %s", user.pk)


def send_link(user_id: int) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    url = settings.SITE_URL.rstrip("/") + link_path(user)
    minutes = max(1, int(settings.LOGIN_LINK_MAX_AGE_SECONDS) // 60)
    body = render_to_string(
        "people/email/sign_in_link.txt",
        {"person": user, "url": url, "minutes": minutes, "site_name": settings.SITE_NAME},
    )
    EmailMessage(
        subject=f"Your sign-in link for {settings.SITE_NAME}", body=body, to=[user.email]
    ).send()
    return True
