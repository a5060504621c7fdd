from __future__ import annotations

import pytest

from tests.factories import EssayFactory, TagFactory
from thoughtful.publishing.actions import set_picks
from thoughtful.publishing.models import Essay
from thoughtful.publishing.selectors import related_reads

pytestmark = pytest.mark.django_db


def test_editor_picks_first_in_order_then_same_tag_essays() -> None:
    grief, care = TagFactory(name="Grief"), TagFactory(name="Care")
    essay = EssayFactory(tags=[grief, care])
    pick_a, pick_b = EssayFactory(), EssayFactory()
    both_tags = EssayFactory(tags=[grief, care])
    one_tag = EssayFactory(tags=[care])
    EssayFactory()  # unrelated: no shared tag, not picked
    EssayFactory(tags=[grief], status=Essay.Status.DRAFT, published_at=None)  # never suggested
    set_picks(essay=essay, picks=[pick_b, pick_a])

    assert related_reads(essay, limit=4) == [pick_b, pick_a, both_tags, one_tag]
    assert related_reads(essay, limit=1) == [pick_b]


def test_unpublished_picks_are_left_out() -> None:
    essay = EssayFactory()
    draft = EssayFactory(status=Essay.Status.DRAFT)
    set_picks(essay=essay, picks=[draft])
    assert related_reads(essay) == []
