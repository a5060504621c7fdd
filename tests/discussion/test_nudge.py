"""The nudge: nothing posted yet, text kept, Edit or Post anyway, outcomes recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thoughtful.discussion import actions
from thoughtful.discussion.models import Comment, Nudge
from thoughtful.discussion.selectors import nudge_outcome_counts
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db

HOSTILE = "Honestly this is the whiniest thing I have read all year."


def _post(client: Client, essay: Essay, follow: bool = False, **data: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("web:post-comment", args=[essay.slug]), data, follow=follow)


def test_nudge_keeps_the_text_and_posts_nothing(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    client.force_login(writer)
    response = _post(client, essay, body=HOSTILE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Before you post" in html
    assert HOSTILE in html  # the writer's text, kept in the form
    assert "Post anyway" in html
    assert not Comment.objects.exists()
    nudge = Nudge.objects.get()
    assert nudge.outcome == Nudge.Outcome.PENDING and str(nudge.token) in html


def test_post_anyway_holds_for_review(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    client.force_login(writer)
    _post(client, essay, body=HOSTILE)
    token = str(Nudge.objects.get().token)
    response = _post(client, essay, body=HOSTILE, nudge=token, choice="post_anyway")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    assert "nudge_posted_anyway" in comment.decision["reasons"]
    nudge = Nudge.objects.get()
    assert nudge.outcome == Nudge.Outcome.POSTED_ANYWAY and nudge.comment == comment
    # The writer sees it marked; another reader does not see it at all.
    assert "Awaiting review" in client.get(essay.get_absolute_url()).content.decode()
    assert "whiniest" not in Client().get(essay.get_absolute_url()).content.decode()


def test_editing_after_a_nudge_publishes_and_records_edited(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    client.force_login(writer)
    _post(client, essay, body=HOSTILE)
    token = str(Nudge.objects.get().token)
    fixed_scorer.scores = {"toxicity": 0.05}
    _post(
        client,
        essay,
        body="I found this hard to read, and I'm not sure why yet.",
        nudge=token,
        choice="edit",
    )
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    assert Nudge.objects.get().outcome == Nudge.Outcome.EDITED


def test_stale_nudges_count_as_abandoned_and_moderators_see_counts(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    result = actions.post_comment(author=writer, essay=essay, body=HOSTILE)
    assert result.outcome == "nudged"
    assert actions.abandon_stale_nudges(now=timezone.now() + timedelta(minutes=30)) == 0
    assert actions.abandon_stale_nudges(now=timezone.now() + timedelta(hours=2)) == 1
    counts = nudge_outcome_counts()
    assert counts["abandoned"] == 1 and counts["pending"] == 0


def test_someone_elses_nudge_token_is_ignored(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    fixed_scorer.scores = {"toxicity": 0.62}
    mine = actions.post_comment(author=writer, essay=essay, body=HOSTILE)
    other = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    again = actions.post_comment(
        author=other, essay=essay, body=HOSTILE, nudge_token=str(mine.nudge.token), post_anyway=True
    )
    assert again.outcome == Comment.Status.HELD
    assert Nudge.objects.get(pk=mine.nudge.pk).outcome == Nudge.Outcome.PENDING
    fixed_scorer.scores = {"toxicity": 0.01}
    assert (
        actions.post_comment(
            author=writer,
            essay=essay,
            body="x",
            nudge_token="not-a-uuid",
            now=timezone.now() + timedelta(minutes=1),
        ).outcome
        == "published"
    )


def test_a_first_comment_in_the_nudge_band_is_nudged_before_it_is_held(
    settings, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    settings.DISCUSSION = {**settings.DISCUSSION, "HOLD_FIRST_COMMENTS": 1}
    fixed_scorer.scores = {"toxicity": 0.62}
    first = actions.post_comment(author=writer, essay=essay, body=HOSTILE)
    assert first.outcome == "nudged"
    anyway = actions.post_comment(
        author=writer,
        essay=essay,
        body=HOSTILE,
        nudge_token=str(first.nudge.token),
        post_anyway=True,
    )
    assert anyway.outcome == Comment.Status.HELD
    assert {"first_comment", "score_nudge", "nudge_posted_anyway"} <= set(
        anyway.comment.decision["reasons"]
    )


# --- issue 10: the nudge sees what it is for; issue 12: the nudge is idempotent -------------

THREAT = "People like you should watch where they park."


def test_a_comment_that_would_be_held_for_its_content_is_offered_a_rephrase_first(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.93}
    client.force_login(writer)
    html = _post(client, essay, body=THREAT).content.decode()
    assert "Before you post" in html and "Post anyway" in html
    assert "a moderator would read it before it appears" in html
    assert not Comment.objects.exists()
    token = str(Nudge.objects.get().token)

    response = _post(client, essay, body=THREAT, nudge=token, choice="post_anyway", follow=True)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    assert {"score_hold", "nudge_posted_anyway"} <= set(comment.decision["reasons"])
    assert Nudge.objects.get().outcome == Nudge.Outcome.POSTED_ANYWAY
    page = response.content.decode()
    # The confirmation says what happened, not the nudge's question again.
    assert actions.POSTED_FOR_REVIEW in page
    assert "Would you like to rephrase" not in page


def test_post_anyway_in_the_nudge_band_confirms_review_not_the_nudge_text(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    first = actions.post_comment(author=writer, essay=essay, body=HOSTILE)
    assert first.message.startswith("Before you post")
    anyway = actions.post_comment(
        author=writer,
        essay=essay,
        body=HOSTILE,
        nudge_token=str(first.nudge.token),
        post_anyway=True,
    )
    assert anyway.outcome == Comment.Status.HELD
    assert anyway.message == actions.POSTED_FOR_REVIEW


def test_post_anyway_after_an_edit_that_passes_says_it_is_published(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    first = actions.post_comment(author=writer, essay=essay, body=HOSTILE)
    fixed_scorer.scores = {"toxicity": 0.02}
    result = actions.post_comment(
        author=writer,
        essay=essay,
        body="This was hard for me to read, and I'm still thinking about why.",
        nudge_token=str(first.nudge.token),
        post_anyway=True,
    )
    assert result.outcome == Comment.Status.PUBLISHED
    assert result.message == "Your comment is posted."
    assert "nudge_posted_anyway" not in result.comment.decision["reasons"]
    assert Nudge.objects.get().outcome == Nudge.Outcome.EDITED


def test_an_unchanged_resubmission_is_told_so_and_keeps_the_one_nudge(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    client.force_login(writer)
    _post(client, essay, body=HOSTILE)
    nudge = Nudge.objects.get()
    # "Post my edited comment" without editing (spacing differences do not count).
    response = _post(client, essay, body=HOSTILE + "  ", nudge=str(nudge.token), choice="edit")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your comment is unchanged" in html
    assert "Post anyway" in html and str(nudge.token) in html
    assert not Comment.objects.exists()
    assert Nudge.objects.get().outcome == Nudge.Outcome.PENDING  # not counted as an edit


def test_a_double_submitted_nudge_leaves_one_pending_nudge(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    one = actions.post_comment(author=writer, essay=essay, body=HOSTILE, idempotency_key="k1")
    two = actions.post_comment(author=writer, essay=essay, body=HOSTILE, idempotency_key="k1")
    assert one.outcome == two.outcome == "nudged"
    assert one.nudge.pk == two.nudge.pk
    assert Nudge.objects.count() == 1

    # The edited form submitted twice: one EDITED, one fresh nudge pending.
    edited = "Honestly this is whiny, and I've read a lot this year."
    for later in (30, 31):  # past the rate limit's burst, as a person would be
        actions.post_comment(
            author=writer,
            essay=essay,
            body=edited,
            nudge_token=str(one.nudge.token),
            now=timezone.now() + timedelta(seconds=later),
        )
    assert nudge_outcome_counts()["edited"] == 1
    assert nudge_outcome_counts()["pending"] == 1
    assert actions.abandon_stale_nudges(now=timezone.now() + timedelta(hours=2)) == 1


def test_a_rate_limited_twin_of_a_nudged_submit_answers_with_the_nudge(
    settings, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    settings.DISCUSSION = {**settings.DISCUSSION, "RATE_BURST": 1}
    fixed_scorer.scores = {"toxicity": 0.62}
    first = actions.post_comment(author=writer, essay=essay, body=HOSTILE, idempotency_key="k9")
    twin = actions.post_comment(author=writer, essay=essay, body=HOSTILE, idempotency_key="k9")
    assert first.outcome == twin.outcome == "nudged"
    assert twin.nudge.pk == first.nudge.pk and twin.repeated
    assert twin.message.startswith("Before you post")
    with pytest.raises(actions.CommentRefused):  # without a key it is a different attempt
        actions.post_comment(author=writer, essay=essay, body=HOSTILE)
    assert Nudge.objects.count() == 1


def test_which_holds_offer_the_nudge(settings, writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from thoughtful.discussion.models import WordRule

    fixed_scorer.scores = {"toxicity": 0.93}
    # A first comment the scorer would hold: rephrase first, then held for both reasons.
    settings.DISCUSSION = {**settings.DISCUSSION, "HOLD_FIRST_COMMENTS": 1}
    first = actions.post_comment(author=writer, essay=essay, body=THREAT)
    assert first.outcome == "nudged"
    # A moderator's suspect word is not learnt by trial and error: held at once.
    WordRule.objects.create(phrase="park", action=WordRule.Action.HOLD)
    cache.delete("discussion:word-rules")  # the rules are cached for a minute
    held = actions.post_comment(
        author=writer, essay=essay, body=THREAT, now=timezone.now() + timedelta(seconds=30)
    )
    assert held.outcome == Comment.Status.HELD
    assert {"suspect_word", "score_hold"} <= set(held.comment.decision["reasons"])
