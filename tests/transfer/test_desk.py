"""Imported comments on the moderator desk (issue 13): an "Imported" queue, worst first."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.moderation.conftest import make_moderator
from thoughtful.moderation import selectors

pytestmark = pytest.mark.django_db


def test_the_imported_queue_lists_the_worst_first(wordpress_imported: str) -> None:
    page = selectors.queue_page("imported")
    bodies = [card.comment.body for card in page.cards]
    assert len(bodies) == 5
    assert "pathetic idiot" in bodies[0]
    scores = [card.comment.decision["scores"]["toxicity"] for card in page.cards]
    assert scores[0] == max(scores)


def test_moderators_open_it_on_the_desk(wordpress_imported: str, client: Client) -> None:
    client.force_login(make_moderator())
    response = client.get(reverse("moderation:queue", args=["imported"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "pathetic idiot" in html and "My grandmother" in html
