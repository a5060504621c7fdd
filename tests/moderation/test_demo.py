"""The demo publication leaves the desk with work on first run."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from thoughtful.moderation import selectors
from thoughtful.moderation.models import Appeal, LogEntry, Sanction
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db


def test_demo_fills_the_desk(client: Client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    counts = selectors.queue_counts()
    assert counts["held"] >= 2 and counts["reported"] >= 1
    assert counts["appeals"] == 1 and counts["alerts"] == 1
    assert Sanction.objects.count() == 1 and Appeal.objects.count() == 1
    assert LogEntry.objects.filter(action="warn").count() == 1
    client.force_login(User.objects.get(username="moderator"))
    page = client.get("/desk/moderation/").content.decode()
    assert "desk-card" in page
    assert "I was angry" in client.get("/desk/moderation/appeals/").content.decode()
