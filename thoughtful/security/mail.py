"""Sending email built from user text (issue 14, item 6).

A title or display name with CR/LF in a subject made Django refuse the header (BadHeaderError)
and every notification about it failed in the worker, unnoticed. Every email the site sends
goes through `send_email`: the subject and extra headers are folded to one line (so user text
can neither break the email nor inject a header), and a failure is logged at ERROR with what
the email was, then raised, so the task is marked failed as well.
"""

from __future__ import annotations

import email.policy
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.mail import EmailMessage

from thoughtful.security.text import one_line

logger = logging.getLogger("thoughtful.mail")


# Issue 11: a header line longer than 78 characters with nowhere to fold (a List-Unsubscribe
# URL with its token) was rewritten by email.policy.default as RFC 2047 encoded words, which
# mail clients don't read as a URL, so the one-click button (RFC 8058) never appeared. Lines
# may be up to 998 characters (RFC 5322, 2.1.1): long ones now stay whole.
_POLICY = email.policy.default.clone(max_line_length=998)


class _Message(EmailMessage):
    def message(self, *, policy: Any = None) -> Any:
        return super().message(policy=policy or _POLICY)


class EmailsFailed(Exception):
    """Some emails of a batch failed; each was logged where it failed."""


def send_email(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    headers: Mapping[str, str] | None = None,
    what: str,
) -> int:
    """Send one plain-text email; `what` names it in the log (e.g. "workflow event 42")."""
    message = _Message(
        subject=one_line(subject),
        body=body,
        to=list(to),
        headers={name: one_line(value) for name, value in (headers or {}).items()},
    )
    try:
        return message.send()
    except Exception:
        # Recipients are not logged (personal data); `what` finds them in the database.
        logger.exception("Email not sent (%s): %r", what, message.subject)
        raise
