"""A scorer too slow for its budget (a busy machine) publishes the comment marked "unscored"
and scores it again in the worker, holding it if it must (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.discussion.fakes import FixedScorer
from tests.moderation.conftest import make_moderator
from thoughtful.discussion import actions
from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _post_while_slow(settings: Any, writer: User, essay: Essay, captured: Any) -> Comment:
    settings.DISCUSSION = {"SCORER": "tests.discussion.fakes.slow", "SCORER_TIMEOUT_MS": 50}
    with captured(execute=False) as callbacks:
        result = actions.post_comment(author=writer, essay=essay, body="You are a disgrace.")
    assert result.outcome == Comment.Status.PUBLISHED and result.comment is not None
    assert "unscored" in result.comment.decision["reasons"]
    names = {getattr(c, "__qualname__", "") for c in callbacks}
    assert any("_enqueue_rescore" in n or "lambda" in n for n in names)
    return result.comment


def test_a_late_hostile_score_holds_the_comment(
    settings: Any, writer: User, essay: Essay, django_capture_on_commit_callbacks: Any
) -> None:
    comment = _post_while_slow(settings, writer, essay, django_capture_on_commit_callbacks)
    settings.DISCUSSION = {"SCORER": "tests.discussion.fakes.fixed"}
    FixedScorer.scores = {"toxicity": 0.95, "attack_on_author": 0.9}
    try:
        assert actions.rescore_comment(comment_id=comment.pk) == "held"
        assert actions.rescore_comment(comment_id=comment.pk) == "skipped"  # safe to run twice
    finally:
        FixedScorer.scores = {"toxicity": 0.01, "attack_on_author": 0.01}
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert comment.decision["scores"]["toxicity"] == 0.95
    assert comment.decision["reasons"][-1] == "rescored_hold"


def test_a_late_calm_score_keeps_it_published_with_its_scores(
    settings: Any, writer: User, essay: Essay, django_capture_on_commit_callbacks: Any
) -> None:
    comment = _post_while_slow(settings, writer, essay, django_capture_on_commit_callbacks)
    settings.DISCUSSION = {"SCORER": "tests.discussion.fakes.fixed"}
    assert actions.rescore_comment(comment_id=comment.pk) == "kept"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.decision["scores"] == {"toxicity": 0.01, "attack_on_author": 0.01}
    assert comment.decision["rescored_at"]


def test_a_scorer_still_broken_in_the_worker_holds(
    settings: Any, writer: User, essay: Essay, django_capture_on_commit_callbacks: Any
) -> None:
    comment = _post_while_slow(settings, writer, essay, django_capture_on_commit_callbacks)
    settings.DISCUSSION = {"SCORER": "tests.discussion.fakes.crashing"}
    assert actions.rescore_comment(comment_id=comment.pk) == "held_unscorable"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD


def test_the_task_runs_the_rescore_after_commit(
    settings: Any, writer: User, essay: Essay, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DISCUSSION = {"SCORER": "tests.discussion.fakes.slow", "SCORER_TIMEOUT_MS": 50}
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.post_comment(author=writer, essay=essay, body="Slow but kind.")
    assert result.comment is not None
    result.comment.refresh_from_db()
    # The immediate task backend re-scored it with the slow scorer, now without a budget.
    assert result.comment.decision["rescored_at"]
    assert result.comment.status == Comment.Status.PUBLISHED


def test_moderators_find_unscored_comments_on_the_desk(
    client: Client,
    settings: Any,
    writer: User,
    essay: Essay,
    django_capture_on_commit_callbacks: Any,
) -> None:
    comment = _post_while_slow(settings, writer, essay, django_capture_on_commit_callbacks)
    client.force_login(make_moderator("ada"))
    page = client.get(reverse("moderation:queue", args=["unscored"]))
    assert page.status_code == 200
    assert (
        f'id="card-{comment.pk}"' in page.content.decode() or comment.body in page.content.decode()
    )
    Comment.objects.filter(pk=comment.pk).update(
        decision={**comment.decision, "rescored_at": "2026-12-07T00:00:00+00:00"}
    )
    assert (
        comment.body
        not in client.get(reverse("moderation:queue", args=["unscored"])).content.decode()
    )
