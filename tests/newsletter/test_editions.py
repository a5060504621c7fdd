"""Issue 11: editions are built from the social editor's newsletter blurbs of essays published
since the last edition; editors preview and send from the desk; the task worker sends in
batches with one Delivery per recipient, so a stopped send resumes without sending twice."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EssayFactory, UserFactory
from tests.newsletter.conftest import essay_with_blurb, subscribers
from thoughtful.newsletter import actions, tasks
from thoughtful.newsletter.models import Delivery, Edition, Subscriber
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def test_an_edition_holds_the_blurbs_of_essays_published_since_the_last(editor: User) -> None:
    first = essay_with_blurb("On leaving", "A quiet essay about doors.")
    edition = actions.draft_edition(editor=editor)
    assert list(edition.essays.all()) == [first]
    assert "A quiet essay about doors." in edition.body and "On leaving" in edition.body
    assert first.get_absolute_url() in edition.body
    # A draft doesn't move the line: the next draft covers the same essays...
    assert list(actions.draft_edition(editor=editor).essays.all()) == [first]
    # ...a sent one does.
    actions.send_edition(editor=editor, edition=edition)
    with pytest.raises(ValidationError):
        actions.draft_edition(editor=editor)
    second = essay_with_blurb("On staying", "Roots.", published_at=timezone.now())
    later = actions.draft_edition(editor=editor, now=timezone.now() + timedelta(seconds=1))
    assert list(later.essays.all()) == [second]
    assert "On leaving" not in later.body


def test_unpublished_essays_stay_out(editor: User) -> None:
    essay_with_blurb("Draft", "Not yet.", status=Essay.Status.DRAFT, published_at=None)
    essay_with_blurb("Future", "Not yet.", published_at=timezone.now() + timedelta(days=1))
    live = EssayFactory(title="Old essay without social copy", standfirst="Its standfirst.")
    edition = actions.draft_edition(editor=editor)
    assert list(edition.essays.all()) == [live]
    assert "Its standfirst." in edition.body  # no blurb: the standfirst stands in


def test_only_editors_draft_and_send() -> None:
    essay_with_blurb("On leaving", "Doors.")
    reader = UserFactory()
    with pytest.raises(PermissionDenied):
        actions.draft_edition(editor=reader)


def test_every_edition_has_one_click_unsubscribe(
    editor: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://magazine.example"
    essay_with_blurb("On leaving", "Doors.")
    [reader] = subscribers(1)
    edition = actions.draft_edition(editor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_edition(editor=editor, edition=edition)
    assert [m.to for m in mail.outbox] == [[reader.email]]
    parsed = message_from_bytes(mail.outbox[0].message().as_bytes())
    link = f"https://magazine.example/newsletter/unsubscribe/{reader.unsubscribe_token}/"
    assert parsed["List-Unsubscribe"] == f"<{link}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in mail.outbox[0].body


def test_only_confirmed_subscribers_receive_it(
    editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    essay_with_blurb("On leaving", "Doors.")
    [confirmed] = subscribers(1)
    Subscriber.objects.create(email="pending@example.org")
    Subscriber.objects.create(
        email="gone@example.org", confirmed_at=timezone.now(), unsubscribed_at=timezone.now()
    )
    edition = actions.draft_edition(editor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_edition(editor=editor, edition=edition) == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT and edition.sent_at is not None


def test_it_goes_in_batches_and_a_restart_never_sends_twice(
    editor: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 3
    essay_with_blurb("On leaving", "Doors.")
    readers = subscribers(8)
    edition = actions.draft_edition(editor=editor)
    # The send is queued; its first task is lost (the worker died before running it).
    with django_capture_on_commit_callbacks(execute=False):
        actions.send_edition(editor=editor, edition=edition)
    assert Delivery.objects.filter(edition=edition).count() == 8 and mail.outbox == []
    # A worker takes one batch and is killed in the middle of the next email: claimed, not
    # marked sent.
    assert actions.send_batch(edition_id=edition.pk, size=3) == (3, True)
    stuck = Delivery.objects.filter(edition=edition, status="pending").order_by("pk").first()
    assert stuck is not None
    Delivery.objects.filter(pk=stuck.pk).update(status="sending", claimed_at=timezone.now())
    # After the restart the periodic job resumes; running it twice changes nothing more.
    tasks.resume_sending.call()
    tasks.resume_sending.call()
    tasks.send_batch.call(edition.pk)
    received = [m.to[0] for m in mail.outbox]
    assert len(received) == len(set(received)) == 7  # nobody twice; the claimed one not resent
    assert set(received) == {r.email for r in readers} - {stuck.subscriber.email}
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert Delivery.objects.filter(edition=edition, status="sent").count() == 7
    assert tasks.resume_sending.call() == 0


def test_a_failed_email_is_marked_and_the_rest_go(
    editor: User, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thoughtful.newsletter import mail as newsletter_mail

    essay_with_blurb("On leaving", "Doors.")
    readers = subscribers(3)
    real = newsletter_mail.send_edition_to

    def flaky(edition: Edition, subscriber: Subscriber) -> None:
        if subscriber.pk == readers[1].pk:
            raise ConnectionRefusedError("smtp down")
        real(edition, subscriber)

    monkeypatch.setattr(newsletter_mail, "send_edition_to", flaky)
    edition = actions.draft_edition(editor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_edition(editor=editor, edition=edition)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([readers[0].email, readers[2].email])
    assert Delivery.objects.get(edition=edition, subscriber=readers[1]).status == "failed"


def test_an_edition_is_sent_once(editor: User, django_capture_on_commit_callbacks: Any) -> None:
    essay_with_blurb("On leaving", "Doors.")
    subscribers(2)
    edition = actions.draft_edition(editor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_edition(editor=editor, edition=edition)
    with pytest.raises(ValidationError):
        actions.send_edition(editor=editor, edition=edition)
    assert len(mail.outbox) == 2


def test_unsubscribing_mid_send_drops_the_waiting_delivery(
    editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    essay_with_blurb("On leaving", "Doors.")
    first, second = subscribers(2)
    edition = actions.draft_edition(editor=editor)
    with django_capture_on_commit_callbacks(execute=False):
        actions.send_edition(editor=editor, edition=edition)
    actions.unsubscribe(token=second.unsubscribe_token)
    tasks.send_batch.call(edition.pk)
    assert [m.to for m in mail.outbox] == [[first.email]]


def test_the_desk_previews_and_sends(editor: User, django_capture_on_commit_callbacks: Any) -> None:
    essay_with_blurb("On leaving", "A quiet essay about doors.")
    subscribers(2)
    client = Client()
    client.force_login(editor)
    desk = client.get(reverse("newsletter:desk"))
    assert desk.status_code == 200 and "On leaving" in desk.content.decode()
    response = client.post(reverse("newsletter:draft"))
    edition = Edition.objects.get()
    assert response["Location"] == reverse("newsletter:preview", args=[edition.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "A quiet essay about doors." in preview and "Send to 2 subscribers" in preview
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter:send", args=[edition.pk]))
    assert len(mail.outbox) == 2
    assert "sent 2" in client.get(response["Location"]).content.decode()
    # The editorial desk links to it for editors.
    assert reverse("newsletter:desk") in client.get(reverse("publishing:desk")).content.decode()


def test_readers_cannot_open_the_newsletter_desk() -> None:
    reader = UserFactory()
    client = Client()
    client.force_login(reader)
    assert client.get(reverse("newsletter:desk")).status_code == 403
    assert client.post(reverse("newsletter:draft")).status_code == 403
    assert Client().get(reverse("newsletter:desk")).status_code == 302
