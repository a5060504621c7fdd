"""Development email (issue 11): each message is an .eml file in var/mail/, never printed to
the terminal, and staff read them at /desk/mail/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from thoughtful.ops import mailbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    settings.MAIL_DIR = tmp_path / "mail"
    return tmp_path / "mail"


def _send(subject: str, body: str, to: str = "reader@example.org") -> None:
    backend = mailbox.MailboxBackend()
    assert backend.send_messages([EmailMessage(subject, body, "editors@localhost", [to])]) == 1


def test_each_message_is_one_eml_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _send("Confirm your email", "Open http://127.0.0.1:8000/account/confirm/x/y/ to confirm.")
    _send("Someone replied", "A reply to your comment.")
    files = sorted(folder.iterdir())
    assert len(files) == 2 and all(mailbox.NAME.match(f.name) for f in files)
    assert b"Subject: Confirm your email" in b"".join(f.read_bytes() for f in files)
    assert capsys.readouterr().out == ""  # nothing in the terminal
    letters = mailbox.letters()
    assert {letter.subject for letter in letters} == {"Confirm your email", "Someone replied"}


def test_staff_read_the_mailbox(client: Client, folder: Path) -> None:
    _send("Your sign-in link", "Open http://127.0.0.1:8000/account/sign-in/link/a/b/ to sign in.")
    client.force_login(UserFactory(is_staff=True))
    inbox = client.get(reverse("ops:mailbox"))
    assert inbox.status_code == 200
    html = inbox.content.decode()
    assert "Your sign-in link" in html and "reader@example.org" in html
    name = next(folder.iterdir()).name
    letter = client.get(reverse("ops:letter", args=[name])).content.decode()
    assert 'href="http://127.0.0.1:8000/account/sign-in/link/a/b/"' in letter


@pytest.mark.parametrize("name", ["../settings.py", "x.eml", "20260101-000000-zz.eml"])
def test_only_names_the_mailbox_wrote_are_read(client: Client, folder: Path, name: str) -> None:
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/desk/mail/{name}/").status_code == 404


def test_the_mailbox_is_for_staff(client: Client, folder: Path) -> None:
    assert client.get(reverse("ops:mailbox")).status_code == 302  # sign in first
    client.force_login(UserFactory())
    assert client.get(reverse("ops:mailbox")).status_code == 403


def test_development_uses_the_mailbox_and_tests_the_outbox() -> None:
    """settings.py picks the mailbox outside production (read in a fresh interpreter, as
    `make run` starts); the tests still get Django's in-memory outbox."""
    import os
    import subprocess
    import sys

    from django.core import mail

    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_BACKEND", "DEPLOYMENT")}
    code = (
        "from thoughtful import settings as s; print(s.MAILERS['default']['BACKEND'], s.MAIL_DIR)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == mailbox.BACKEND
    assert out[1].endswith(os.path.join("var", "mail"))
    mail.send_mail("Hello", "Body", "editors@localhost", ["a@example.org"])
    assert len(mail.outbox) == 1
