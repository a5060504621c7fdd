"""Reply emails with hostile stored text (issue 14, item 6): a display name or essay title with
CR/LF made the reply email fail in the worker; the subject is now folded to one line."""

from __future__ import annotations

from email import message_from_bytes

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import actions
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db


def test_reply_email_subject_is_one_line(
    writer: User,
    fixed_scorer,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    essay = EssayFactory(title="Grief\r\nBcc: victim@example.org")
    User.objects.filter(pk=writer.pk).update(display_name="Mallory\r\nX-Evil: 1")
    writer.refresh_from_db()
    # Reply emails go to verified addresses only (issue 11).
    parent = CommentFactory(
        essay=essay,
        author=UserFactory(email="parent@example.org", email_verified_at=timezone.now()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_comment(author=writer, essay=essay, body="I hear you.", parent=parent)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Mallory X-Evil: 1 replied to you on “Grief Bcc: victim@example.org”"
    parsed = message_from_bytes(message.message().as_bytes())
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert message.recipients() == ["parent@example.org"]
