"""Workflow emails with hostile stored text (issue 14, item 6): a title or display name with a
line break still gives a one-line subject and the email goes out; a failing send is logged
loudly and the task fails, instead of vanishing."""

from __future__ import annotations

import logging
from email import message_from_bytes
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import TaskResultStatus

from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db
S = Essay.Status


def test_line_breaks_in_title_and_name_give_a_one_line_subject(
    staff: dict[str, User],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    essay = essay_at(S.SUBMITTED, staff, title="Grief\r\nBcc: victim@example.org\n\nhello")
    User.objects.filter(pk=staff["editor"].pk).update(display_name="Ed\r\nX-Evil: 1")
    staff["editor"].refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(essay=essay, actor=staff["editor"], action="claim_edit")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff["author"].email]
    assert message.subject == "Ed X-Evil: 1 is editing Grief Bcc: victim@example.org hello"
    parsed = message_from_bytes(message.message().as_bytes())
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert "\n" not in str(parsed["Subject"]).replace("\n ", "")  # folded, never broken
    assert message.recipients() == [staff["author"].email]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")


def test_a_failing_email_is_logged_and_fails_the_task(
    staff: dict[str, User],
    settings: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from thoughtful.publishing.tasks import notify_event

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    essay = essay_at(S.DRAFT, staff, title="The lamp")
    actions.transition(essay=essay, actor=staff["author"], action="submit")
    event = essay.events.get(action="submit")
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="thoughtful"):
        result = notify_event.enqueue(event.pk)
    assert result.status == TaskResultStatus.FAILED
    ours = [r for r in caplog.records if r.name.startswith("thoughtful")]
    assert ours and ours[0].levelno == logging.ERROR
    assert "Submitted for editing: The lamp" in ours[0].getMessage()
    assert ours[0].exc_info is not None
