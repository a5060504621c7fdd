"""Development email (issue 11): each message is written to MAIL_DIR (var/mail/ by default) as
one .eml file instead of being printed to the terminal, and staff read them at /desk/mail/.

Enabled by `make run` and any non-production start (settings.MAILERS); production sends with
SMTP, and tests keep Django's in-memory outbox.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

BACKEND = "thoughtful.ops.mailbox.MailboxBackend"
# Names this module writes: a sortable time, then a random part. Nothing else is ever read.
NAME = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{32}\.eml$")


class MailboxBackend(BaseEmailBackend):
    def __init__(self, *args: Any, directory: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(directory) if directory else mail_dir()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = self.directory / f"{stamp}-{uuid.uuid4().hex}.eml"
            path.write_bytes(message.message().as_bytes())
            sent += 1
        return sent


def mail_dir() -> Path:
    return Path(getattr(settings, "MAIL_DIR", Path(settings.VAR_DIR) / "mail"))


def in_use() -> bool:
    return str(settings.MAILERS.get("default", {}).get("BACKEND", "")) == BACKEND


@dataclass(frozen=True)
class Letter:
    name: str
    subject: str
    to: str
    sender: str
    date: datetime
    body: str


def _read(path: Path) -> Letter:
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(parsed, ParsedMessage)
    part = parsed.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    stamp = datetime.strptime(path.name[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return Letter(
        name=path.name,
        subject=str(parsed.get("Subject", "")),
        to=str(parsed.get("To", "")),
        sender=str(parsed.get("From", "")),
        date=stamp,
        body=str(body),
    )


def letters(*, limit: int = 200) -> list[Letter]:
    """The newest `limit` messages, newest first."""
    folder = mail_dir()
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME.match(p.name)), reverse=True)
    return [_read(folder / name) for name in names[:limit]]


def letter(name: str) -> Letter | None:
    if not NAME.match(name):
        return None
    path = mail_dir() / name
    return _read(path) if path.is_file() else None
