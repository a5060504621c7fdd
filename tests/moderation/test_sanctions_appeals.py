"""Sanctions and appeals end to end: a moderator sanctions, the person sees it (page and banner),
appeals once, another moderator decides, the person is told by email."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.moderation import actions
from thoughtful.moderation.models import Appeal, LogEntry
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_suspend_see_appeal_lift_notify(client: Client, commenter: User) -> None:
    ada, ben = make_moderator("ada"), make_moderator("ben")
    essay = EssayFactory()
    comment = held(essay, commenter, "You people are vermin.")
    until = timezone.now() + timedelta(days=7)
    actions.reject(moderator=ada, comment=comment, reason_code="hate")
    sanction = actions.suspend(
        moderator=ada,
        person=commenter,
        reason="A comment attacked people for who they are.",
        until=until,
        comment=comment,
    )
    assert "suspended until" in mail.outbox[-1].body

    # The person sees it: a banner above the comment form, and their sanctions page.
    client.force_login(commenter)
    page = client.get(essay.get_absolute_url()).content.decode()
    assert "Your commenting is suspended until" in page
    assert reverse("moderation-public:my-sanctions") in page
    mine = client.get(reverse("moderation-public:my-sanctions")).content.decode()
    assert "Suspension" in mine and "attacked people for who they are" in mine
    assert until.strftime("%-d %B %Y") in mine
    assert "Send appeal" in mine

    # One appeal per sanction.
    url = reverse("moderation-public:appeal", args=[sanction.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    client.post(url, {"text": "I was quoting the essay, not calling anyone that."})
    assert Appeal.objects.get().status == Appeal.Status.PENDING
    client.post(url, {"text": "again"})
    assert Appeal.objects.count() == 1
    mine = client.get(reverse("moderation-public:my-sanctions")).content.decode()
    assert "Awaiting a decision" in mine and "Send appeal" not in mine

    # Someone else's sanction: not found.
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(url, {"text": "me too"}).status_code == 404

    # The appeals queue; another moderator lifts it.
    client.force_login(ben)
    queue = client.get(reverse("moderation:appeals")).content.decode()
    assert "I was quoting the essay" in queue
    mail.outbox.clear()
    response = client.post(
        reverse("moderation:decide-appeal", args=[Appeal.objects.get().pk]),
        {"outcome": "lift", "note": "You're right: it was a quotation."},
    )
    assert response.status_code == 302
    commenter.refresh_from_db()
    assert commenter.commenting_status == "normal"
    assert [m.to for m in mail.outbox] == [[commenter.email]]
    assert "lifted" in mail.outbox[0].subject and "quotation" in mail.outbox[0].body
    assert LogEntry.objects.filter(action="appeal_lifted", actor=ben).exists()

    # Decided once.
    with pytest.raises(actions.AlreadyDecided, match="Already decided by Ben"):
        actions.decide_appeal(moderator=ada, appeal=Appeal.objects.get(), outcome="uphold")

    client.force_login(commenter)
    mine = client.get(reverse("moderation-public:my-sanctions")).content.decode()
    assert "Sanction lifted" in mine and "(lifted)" in mine
    assert "sanction-banner" not in client.get(essay.get_absolute_url()).content.decode()


def test_uphold_keeps_the_ban_and_says_so(commenter: User) -> None:
    ada = make_moderator("ada")
    ban = actions.ban(moderator=ada, person=commenter, reason="Threats.")
    appeal = actions.file_appeal(person=commenter, sanction=ban, text="Please.")
    with pytest.raises(ValidationError, match="already appealed"):
        actions.file_appeal(person=commenter, sanction=ban, text="Please!")
    mail.outbox.clear()
    actions.decide_appeal(
        moderator=make_moderator("ben"),
        appeal=appeal,
        outcome="uphold",
        note="The threat was explicit.",
    )
    commenter.refresh_from_db()
    assert commenter.commenting_status == "banned"
    assert "upheld" in mail.outbox[0].subject and "stays in place" in mail.outbox[0].body


def test_appeal_rules(commenter: User) -> None:
    ada = make_moderator("ada")
    warning = actions.warn(moderator=ada, person=commenter, reason="Be kind.")
    with pytest.raises(PermissionDenied):
        actions.file_appeal(person=UserFactory(), sanction=warning, text="not mine")
    with pytest.raises(ValidationError):
        actions.file_appeal(person=commenter, sanction=warning, text="  ")
    actions.lift(moderator=ada, sanction=warning)
    warning.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer in force"):
        actions.file_appeal(person=commenter, sanction=warning, text="why")


def test_banner_for_premoderated_and_banned(client: Client, commenter: User) -> None:
    ada = make_moderator("ada")
    essay = EssayFactory()
    client.force_login(commenter)
    actions.premoderate(moderator=ada, person=commenter, reason="a")
    assert (
        "A moderator reads your comments" in client.get(essay.get_absolute_url()).content.decode()
    )
    actions.ban(moderator=ada, person=commenter, reason="b")
    assert "can no longer comment" in client.get(essay.get_absolute_url()).content.decode()
