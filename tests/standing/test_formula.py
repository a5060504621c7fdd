from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion.models import Comment, Reaction
from thoughtful.publishing.models import DailyReads, Essay
from thoughtful.standing.actions import recompute
from thoughtful.standing.formula import parts_for

pytestmark = pytest.mark.django_db


def test_formula_counts_each_part() -> None:
    person = UserFactory()
    essay = EssayFactory(author=person)
    EssayFactory(author=person, status=Essay.Status.DRAFT)  # drafts do not count
    DailyReads.objects.create(essay=essay, day="2026-01-01", reads=25)
    mine = CommentFactory(author=person)
    CommentFactory(author=person, status=Comment.Status.HELD)  # held comments do not count
    for _ in range(2):
        Reaction.objects.create(comment=mine, person=UserFactory())

    parts = parts_for(person.pk)
    assert (parts.essays, parts.reads, parts.comments, parts.thoughtful) == (1, 25, 1, 2)
    assert parts.score == 100 + 2 + 5 + 40


def test_author_card_shows_score_with_thousands_separator(client: Client) -> None:
    person = UserFactory()
    for _ in range(22):
        EssayFactory(author=person)
    assert recompute(person_id=person.pk).score == 2200
    page = client.get(reverse("web:author", args=[person.username])).content.decode()
    assert "Contribution: <strong>2,200</strong>" in page


def test_posting_a_comment_refreshes_the_writer_score(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    writer = UserFactory()
    essay = EssayFactory()
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:post-comment", args=[essay.slug]), {"body": "Thank you."})
    assert writer.standing.score == 5
