"""Score labels read as words on the desk (issue 11): "Attack on author", not
"Attackonauthor"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import held, make_moderator
from thoughtful.moderation.reasons import SCORE_LABELS, score_label
from thoughtful.scoring.scorer import ATTRIBUTES

pytestmark = pytest.mark.django_db


def test_every_scorer_attribute_has_words() -> None:
    assert set(ATTRIBUTES) <= set(SCORE_LABELS)
    assert score_label("attack_on_author") == "Attack on author"
    assert score_label("something_new") == "Something new"


def test_the_card_shows_words(client: Client) -> None:
    held(EssayFactory(), UserFactory())
    client.force_login(make_moderator("mo"))
    html = client.get(reverse("moderation:queue", args=["held"])).content.decode()
    assert "<dt>Attack on author</dt>" in html and "<dt>Toxicity</dt>" in html
    assert "Attackonauthor" not in html
