"""Moderators' approve and reject decisions (and "Post anyway" outcomes) become the scorer's
labelled examples (issue 10)."""

from __future__ import annotations

import pytest

from tests.factories import CommentFactory
from tests.moderation.conftest import held
from thoughtful.moderation import actions
from thoughtful.moderation.learning import labels_for
from thoughtful.moderation.models import LogEntry
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay
from thoughtful.scoring.labels import training_examples
from thoughtful.scoring.models import LabelledExample
from thoughtful.scoring.scorer import ATTRIBUTES

pytestmark = pytest.mark.django_db


def test_a_rejection_with_its_reason_becomes_a_positive_example(
    moderator: User, essay: Essay, commenter: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    comment = held(essay, commenter, "Nobody asked for your sob story.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(moderator=moderator, comment=comment, reason_code="personal_attack")
    example = LabelledExample.objects.get()
    assert example.source == LabelledExample.Source.MODERATOR_REJECT
    assert example.reason_code == "personal_attack"
    assert example.comment_id == comment.pk
    assert example.text == "Nobody asked for your sob story."
    assert example.labels == {"toxicity": 1.0, "attack_on_author": 1.0}


def test_an_approval_says_every_attribute_is_absent(
    moderator: User, essay: Essay, commenter: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    comment = held(essay, commenter, "He raped me when I was nine. Thank you for this.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(moderator=moderator, comment=comment)
    example = LabelledExample.objects.get()
    assert example.source == LabelledExample.Source.MODERATOR_APPROVE
    assert example.labels == dict.fromkeys(ATTRIBUTES, 0.0)
    assert example.reason_code == "approved"


def test_a_comment_posted_anyway_is_recorded_as_such(
    moderator: User, essay: Essay, commenter: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    comment = held(
        essay, commenter, "I know where you work.", reasons=["score_nudge", "nudge_posted_anyway"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(moderator=moderator, comment=comment, reason_code="threat")
    example = LabelledExample.objects.get()
    assert example.source == LabelledExample.Source.POST_ANYWAY
    assert example.labels == {"toxicity": 1.0, "threat": 1.0}


def test_reconsidering_replaces_the_example_and_automatic_removals_teach_nothing(
    moderator: User, essay: Essay, commenter: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    comment = held(essay, commenter, "Typical.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(moderator=moderator, comment=comment)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(
            moderator=moderator, comment=comment, reason_code="harassment", reconsider=True
        )
    example = LabelledExample.objects.get()
    assert example.source == LabelledExample.Source.MODERATOR_REJECT
    assert example.labels["attack_on_author"] == 1.0

    removed = CommentFactory(essay=essay, author=commenter, status="rejected", body="banned")
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_pipeline_rejection(comment_id=removed.pk)
    assert LogEntry.objects.filter(comment=removed, automatic=True).exists()
    assert not LabelledExample.objects.filter(comment_id=removed.pk).exists()


def test_spam_is_kept_without_labels_and_never_fitted(
    moderator: User, essay: Essay, commenter: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    comment = held(essay, commenter, "Cheap watches at example.org")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(moderator=moderator, comment=comment, reason_code="spam")
    assert LabelledExample.objects.get().labels == {}
    assert training_examples() == []


def test_a_personal_attack_in_a_reply_targets_the_commenter_not_the_author() -> None:
    labels = labels_for(approved=False, reason_code="personal_attack", is_reply=True)
    assert "attack_on_author" not in labels
    assert labels.get("toxicity") == 1.0
    assert ("attack_on_commenter" in labels) == ("attack_on_commenter" in ATTRIBUTES)


def test_the_dashboard_says_what_the_scorer_learns_from(
    client, moderator: User, essay: Essay, commenter: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    for body in ("one", "two"):
        with django_capture_on_commit_callbacks(execute=True):
            actions.reject(
                moderator=moderator, comment=held(essay, commenter, body), reason_code="threat"
            )
    client.force_login(moderator)
    html = client.get(reverse("moderation:dashboard")).content.decode()
    assert "What the scorer learns from you" in html
    assert "<dt>Moderator rejected</dt><dd>2</dd>" in html
    assert "the shipped model alone" in html
