"""Each posting-pipeline check's decisions, and their order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.discussion.fakes import FixedScorer
from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import actions, conf
from thoughtful.discussion.models import Comment, DiscussionSettings, WordRule
from thoughtful.discussion.pipeline import Outcome, Submission, run
from thoughtful.people.models import CommentingStatus, User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _submit(
    author: User, essay: Essay, text: str = "A considered thought.", **kw: Any
) -> Submission:
    return Submission(
        author=author,
        essay=essay,
        text=text,
        rules=conf.rules_for(essay),
        now=kw.pop("now", timezone.now()),
        **kw,
    )


def test_configured_order_is_the_documented_one() -> None:
    assert conf.site_rules().pipeline == (
        "person_status",
        "protection",
        "rate",
        "length",
        "duplicate",
        "words",
        "links",
        "score",
        "new_commenter",
    )


def test_a_clean_comment_passes_every_check(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    decision = run(_submit(writer, essay))
    assert decision.outcome == Outcome.PASS
    assert [v.check for v in decision.verdicts] == list(conf.site_rules().pipeline)
    assert decision.scores == FixedScorer.scores


@pytest.mark.parametrize(
    ("status", "outcome", "code"),
    [
        (CommentingStatus.BANNED, Outcome.REJECT, "person_banned"),
        (CommentingStatus.SUSPENDED, Outcome.REJECT, "person_suspended"),
        (CommentingStatus.PREMODERATED, Outcome.HOLD, "person_premoderated"),
    ],
)
def test_person_status(
    writer: User, essay: Essay, fixed_scorer, status: str, outcome: Outcome, code: str
) -> None:  # type: ignore[no-untyped-def]
    writer.commenting_status = status
    writer.suspended_until = timezone.now() + timedelta(days=2)
    decision = run(_submit(writer, essay))
    assert decision.outcome == outcome and code in decision.reasons


def test_a_suspension_ends_by_itself(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    writer.commenting_status = CommentingStatus.SUSPENDED
    writer.suspended_until = timezone.now() - timedelta(minutes=1)
    assert run(_submit(writer, essay)).outcome == Outcome.PASS


def test_a_rejection_stops_the_run_before_the_scorer(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    writer.commenting_status = CommentingStatus.BANNED
    decision = run(_submit(writer, essay))
    assert [v.check for v in decision.verdicts] == ["person_status"]


def test_protection_levels(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    settings_row = DiscussionSettings.objects.create(essay=essay, protection="closed")
    essay.refresh_from_db()
    assert "essay_closed" in run(_submit(writer, essay)).reasons
    settings_row.protection = "members"
    settings_row.save()
    essay.refresh_from_db()
    assert run(_submit(writer, essay)).outcome == Outcome.PASS  # 60-day-old account
    newcomer = UserFactory()
    assert "essay_members_only" in run(_submit(newcomer, essay)).reasons


def test_rate_limit_allows_a_burst_of_three_then_one_per_ten_seconds(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    outcomes = [
        run(_submit(writer, essay, f"thought {i}", now=start), only=("rate",)).outcome
        for i in range(4)
    ]
    assert outcomes == [Outcome.PASS, Outcome.PASS, Outcome.PASS, Outcome.REJECT]
    later = run(_submit(writer, essay, "x", now=start + timedelta(seconds=10)), only=("rate",))
    assert later.outcome == Outcome.PASS
    # Another person has their own allowance.
    assert run(_submit(UserFactory(), essay, now=start), only=("rate",)).outcome == Outcome.PASS


def test_length(writer: User, essay: Essay) -> None:
    assert "empty" in run(_submit(writer, essay, "   "), only=("length",)).reasons
    too_long = run(_submit(writer, essay, "x" * 5001), only=("length",))
    assert too_long.reasons == ["too_long"] and "5,000" in too_long.verdicts[0].message
    assert run(_submit(writer, essay, "x" * 5000), only=("length",)).outcome == Outcome.PASS


def test_duplicate_within_ten_minutes(writer: User, essay: Essay) -> None:
    CommentFactory(author=writer, essay=essay, body="Same  words here")
    assert (
        "duplicate" in run(_submit(writer, essay, "same words HERE"), only=("duplicate",)).reasons
    )
    later = timezone.now() + timedelta(minutes=11)
    assert (
        run(_submit(writer, essay, "same words here", now=later), only=("duplicate",)).outcome
        == Outcome.PASS
    )
    assert (
        run(_submit(UserFactory(), essay, "same words here"), only=("duplicate",)).outcome
        == Outcome.PASS
    )


def test_banned_words_reject_and_suspect_words_hold(writer: User, essay: Essay) -> None:
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.REJECT)
    WordRule.objects.create(phrase="go away", action=WordRule.Action.HOLD)
    banned = run(_submit(writer, essay, "You absolute SCUMBAG."), only=("words",))
    assert banned.outcome == Outcome.REJECT and banned.verdicts[0].detail["matched"] == ["scumbag"]
    assert banned.verdicts[0].store  # content rejections are kept, with the reason, for the writer
    spelled = run(_submit(writer, essay, "what a scumb4g"), only=("words",))
    assert spelled.outcome == Outcome.REJECT
    assert run(_submit(writer, essay, "Please go   away."), only=("words",)).outcome == Outcome.HOLD
    # Whole words only: "goaway" does not match "go away" (but "go_away" does).
    assert run(_submit(writer, essay, "a goaway bag"), only=("words",)).outcome == Outcome.PASS


def test_links(writer: User, essay: Essay) -> None:
    many = "see https://a.example https://b.example and www.c.example"
    assert "too_many_links" in run(_submit(writer, essay, many), only=("links",)).reasons
    assert (
        run(_submit(writer, essay, "one https://a.example"), only=("links",)).outcome
        == Outcome.PASS
    )
    newcomer = UserFactory()
    assert (
        "link_from_new_account"
        in run(_submit(newcomer, essay, "https://a.example"), only=("links",)).reasons
    )


def test_score_bands(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.6, "attack_on_author": 0.2}
    nudged = run(_submit(writer, essay), only=("score",))
    assert nudged.outcome == Outcome.NUDGE and nudged.verdicts[0].detail["top"] == "toxicity"
    fixed_scorer.scores = {"toxicity": 0.3, "attack_on_author": 0.9}
    held = run(_submit(writer, essay), only=("score",))
    assert held.outcome == Outcome.HOLD and held.verdicts[0].detail["top"] == "attack_on_author"
    fixed_scorer.scores = {"toxicity": 0.2, "profanity": 0.99}  # profanity alone is not hostility
    assert run(_submit(writer, essay), only=("score",)).outcome == Outcome.PASS


def test_per_essay_thresholds_override_the_site(writer: User, essay: Essay, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.4}
    assert run(_submit(writer, essay), only=("score",)).outcome == Outcome.PASS
    DiscussionSettings.objects.create(essay=essay, nudge_threshold=0.3)
    essay.refresh_from_db()
    assert run(_submit(writer, essay), only=("score",)).outcome == Outcome.NUDGE


@pytest.mark.parametrize(
    ("scorer", "policy", "failure"),
    [("crashing", "rescore", "scorer failed"), ("slow", "hold", "timed out")],
)
def test_a_failing_scorer_holds_and_keeps_the_comment(
    settings, writer: User, essay: Essay, caplog, scorer: str, policy: str, failure: str
) -> None:  # type: ignore[no-untyped-def]
    settings.DISCUSSION = {
        "SCORER": f"tests.discussion.fakes.{scorer}",
        "SCORER_TIMEOUT_MS": 100,
        "SCORER_FAILURE": policy,
    }
    result = actions.post_comment(author=writer, essay=essay, body="Kind words, slow scorer.")
    assert result.outcome == Comment.Status.HELD
    assert result.comment is not None and result.comment.body == "Kind words, slow scorer."
    assert "scorer_unavailable" in result.comment.decision["reasons"]
    assert failure.split()[-1] in caplog.text
    settings.DISCUSSION = {**settings.DISCUSSION, "SCORER_FAILURE": "publish"}
    published = actions.post_comment(
        author=writer,
        essay=essay,
        body="Another kind comment.",
        now=timezone.now() + timedelta(seconds=30),
    )
    assert published.outcome == Comment.Status.PUBLISHED
    assert published.comment is not None
    assert "unscored" in published.comment.decision["reasons"]  # moderators can filter on it


def test_new_commenter_first_comment_is_held_when_configured(
    settings, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    settings.DISCUSSION = {**settings.DISCUSSION, "HOLD_FIRST_COMMENTS": 1}
    first = actions.post_comment(author=writer, essay=essay, body="My first words here.")
    assert first.outcome == Comment.Status.HELD and "first_comment" in first.reasons
    Comment.objects.filter(pk=first.comment.pk).update(status=Comment.Status.PUBLISHED)  # approved
    second = actions.post_comment(
        author=writer,
        essay=essay,
        body="And a second thought.",
        now=timezone.now() + timedelta(seconds=20),
    )
    assert second.outcome == Comment.Status.PUBLISHED


def test_the_most_severe_verdict_decides_and_all_reasons_are_stored(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    WordRule.objects.create(phrase="creep", action=WordRule.Action.HOLD)
    fixed_scorer.scores = {"toxicity": 0.7}
    result = actions.post_comment(author=writer, essay=essay, body="You creep.")
    assert result.outcome == Comment.Status.HELD  # hold outranks nudge: no nudge offered
    stored = result.comment.decision
    assert stored["outcome"] == "hold"
    assert set(stored["reasons"]) == {"suspect_word", "score_nudge"}
    assert stored["scores"] == {"toxicity": 0.7}
    assert [v["check"] for v in stored["verdicts"]] == list(conf.site_rules().pipeline)


def test_refused_attempts_store_nothing_and_rejected_content_is_kept(
    writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(actions.CommentRefused) as refused:
        actions.post_comment(author=writer, essay=essay, body=" ")
    assert refused.value.code == "empty"
    assert not Comment.objects.exists()
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.REJECT)
    result = actions.post_comment(author=writer, essay=essay, body="Scumbag.")
    assert result.outcome == Comment.Status.REJECTED
    assert (
        result.comment.rejection_reason
        == "Your comment uses language this magazine doesn't publish."
    )


def test_unknown_check_name_fails_loudly(settings, writer: User, essay: Essay) -> None:  # type: ignore[no-untyped-def]
    settings.DISCUSSION = {"PIPELINE": ["length", "astrology"]}
    with pytest.raises(LookupError, match="astrology"):
        run(_submit(writer, essay))


def test_the_real_scorer_is_wired_in(writer: User) -> None:
    essay = EssayFactory(title="What I owe her")
    kind = actions.post_comment(
        author=writer, essay=essay, body="Survivor here, thank you for naming this."
    )
    assert kind.outcome == Comment.Status.PUBLISHED
    assert kind.comment.decision["scores"]["toxicity"] < 0.5
    hostile = actions.post_comment(
        author=UserFactory(date_joined=timezone.now() - timedelta(days=30)),
        essay=essay,
        body="Men like you should be locked up, creep.",
    )
    assert hostile.outcome in ("nudged", Comment.Status.HELD)
