"""Signals, levels and their effect on the posting pipeline (issue 9, part 1)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import make_moderator
from tests.shield.conftest import HOSTILE, Poster, newcomer, regular
from thoughtful.discussion import conf as discussion_conf
from thoughtful.moderation.models import PileOnAlert
from thoughtful.publishing.models import Essay
from thoughtful.shield import actions, selectors
from thoughtful.shield.models import EssayProtection, LevelChange, Signal

pytestmark = pytest.mark.django_db


REMARKS = [
    "Who asked for this?",
    "Nobody believes a word of it.",
    "Typical.",
    "Go back to your diary.",
    "This is why people leave.",
    "Embarrassing, honestly.",
    "Log off.",
    "Unbelievable stuff here.",
]


def brigade(post: Poster, essay: Essay, start: datetime, n: int = 8, prefix: str = "b") -> None:
    for i in range(n):
        person = newcomer(start, f"{prefix}{i}")
        post(
            person,
            essay,
            REMARKS[i % len(REMARKS)],
            start + timedelta(seconds=5 * i),
            scores=HOSTILE if i % 2 == 0 else None,
            referrer="https://forum.example/thread/1",
        )


def test_a_quiet_comment_is_recorded_and_changes_nothing(post: Poster, essay: Essay, start):
    """Each comment leaves one signal row (written after commit); a quiet essay stays open."""
    result = post(regular(start, "reg"), essay, "A thoughtful reply.", start)
    assert result.outcome == "published"
    signal = Signal.objects.get(comment=result.comment)
    assert not signal.newcomer and not signal.hostile
    assert selectors.level_of(essay.pk, now=start) == "open"
    assert discussion_conf.rules_for(essay).shield_level == "open"


def test_a_brigade_of_hostile_newcomers_from_one_source_reaches_shield(
    post: Poster, essay: Essay, start
):
    brigade(post, essay, start)
    assert selectors.level_of(essay.pk, now=start + timedelta(minutes=1)) == "shield"
    change = LevelChange.objects.filter(essay=essay, to_level="shield").get()
    assert change.cause == "signals"
    assert change.evidence["metrics"]["hostile_5"] >= 3
    assert change.evidence["metrics"]["top_source_5"] == "forum.example"
    assert "hostile wave of newcomers from one source" in change.evidence["rules"]
    alerts = PileOnAlert.objects.filter(essay=essay)
    # One alert per escalation (here straight from Open to Shield).
    assert [a.signal for a in alerts] == ["shield:shield"]
    assert LevelChange.objects.filter(essay=essay).count() == 1
    shield_alert = alerts.get(signal="shield:shield")
    assert shield_alert.detail["sources"][0][0] == "forum.example"
    # Shield came before the eighth comment: everyone counted so far is a new account.
    assert len(shield_alert.detail["new_accounts"]) == shield_alert.detail["metrics"]["comments_5"]
    assert all(
        a["newcomer"] and a["username"].startswith("b") for a in shield_alert.detail["accounts"]
    )


def test_at_shield_newcomers_are_held_and_regulars_post(post: Poster, essay: Essay, start):
    brigade(post, essay, start)
    later = start + timedelta(minutes=1)
    held = post(newcomer(start, "late"), essay, "I just got here, hello.", later)
    assert held.outcome == "held"
    assert "protection_newcomer" in held.reasons
    ok = post(regular(start, "old"), essay, "Stay strong, this was worth writing.", later)
    assert ok.outcome == "published"
    rules = discussion_conf.rules_for(essay)
    assert rules.slow_mode_seconds == 300
    assert rules.nudge_threshold == pytest.approx(0.35)


def test_slow_mode_refuses_a_second_comment_within_five_minutes(post: Poster, essay: Essay, start):
    brigade(post, essay, start)
    person = regular(start, "fast")
    first = start + timedelta(minutes=1)
    assert post(person, essay, "First thought.", first).outcome == "published"
    assert post(person, essay, "Second thought.", first + timedelta(minutes=2)) == (
        "refused:slow_mode"
    )
    third = post(person, essay, "Third thought.", first + timedelta(minutes=6))
    assert third.outcome == "published"


def test_calm_lowers_one_level_per_thirty_minutes(post: Poster, essay: Essay, start):
    brigade(post, essay, start)
    actions.calm_sweep(now=start + timedelta(minutes=31))  # the windows are empty: calm begins
    assert selectors.level_of(essay.pk, now=start + timedelta(minutes=31)) == "shield"
    actions.calm_sweep(now=start + timedelta(minutes=60))
    assert selectors.level_of(essay.pk, now=start + timedelta(minutes=60)) == "shield"
    actions.calm_sweep(now=start + timedelta(minutes=62))
    assert selectors.level_of(essay.pk, now=start + timedelta(minutes=62)) == "watch"
    actions.calm_sweep(now=start + timedelta(minutes=80))
    assert selectors.level_of(essay.pk, now=start + timedelta(minutes=80)) == "watch"
    actions.calm_sweep(now=start + timedelta(minutes=93))
    assert selectors.level_of(essay.pk, now=start + timedelta(minutes=93)) == "open"
    causes = list(LevelChange.objects.filter(essay=essay).values_list("to_level", "cause"))
    assert causes[-2:] == [("watch", "calm"), ("open", "calm")]


def test_shield_puts_the_authors_other_essays_at_watch_for_a_day(post: Poster, essay: Essay, start):
    other = EssayFactory(author=essay.author)
    unrelated = EssayFactory()
    brigade(post, essay, start)
    assert selectors.level_of(other.pk, now=start + timedelta(hours=1)) == "watch"
    assert selectors.level_of(unrelated.pk, now=start + timedelta(hours=1)) == "open"
    change = LevelChange.objects.get(essay=other)
    assert change.cause == "author_wide" and change.evidence["from_essay"] == essay.pk
    alert = PileOnAlert.objects.get(essay=essay, signal="shield:shield")
    assert alert.detail["author_wide"] == [other.slug]
    assert "other essays are at Watch" in alert.summary
    # After 24 hours the floor lifts by itself, and the sweep records it.
    assert selectors.level_of(other.pk, now=start + timedelta(hours=25)) == "open"
    actions.calm_sweep(now=start + timedelta(hours=25))
    assert EssayProtection.objects.get(essay=other).author_wide_until is None
    assert LevelChange.objects.filter(essay=other).last().cause == "expired"


def test_a_moderator_pins_a_level_and_it_overrides_the_signals(post: Poster, essay: Essay, start):
    moderator = make_moderator("maya")
    actions.pin_level(moderator=moderator, essay=essay, level="lockdown", now=start)
    assert selectors.level_of(essay.pk, now=start) == "lockdown"
    held = post(regular(start, "reg"), essay, "Old hand, low score.", start)
    assert held.outcome == "held" and "protection_lockdown" in held.reasons
    assert discussion_conf.rules_for(essay).shield_notice
    actions.pin_level(moderator=moderator, essay=essay, level="", now=start)
    assert selectors.level_of(essay.pk, now=start) == "open"
    with pytest.raises(PermissionDenied):
        actions.pin_level(moderator=UserFactory(), essay=essay, level="shield")


def test_the_author_can_raise_but_never_lower(essay: Essay, start):
    actions.raise_level(person=essay.author, essay=essay, level="shield", now=start)
    assert selectors.level_of(essay.pk, now=start) == "shield"
    with pytest.raises(ValidationError):
        actions.raise_level(person=essay.author, essay=essay, level="watch", now=start)
    with pytest.raises(PermissionDenied):
        actions.raise_level(person=UserFactory(), essay=essay, level="lockdown", now=start)
    assert LevelChange.objects.get(essay=essay).cause == "author"


def test_a_held_source_is_held_on_that_essay_only(post: Poster, essay: Essay, start):
    moderator = make_moderator("maya")
    actions.hold_source(moderator=moderator, essay=essay, source_key="forum.example")
    person = regular(start, "reader")
    result = post(person, essay, "Hi.", start, referrer="https://forum.example/x")
    assert result.outcome == "held" and "protection_source_held" in result.reasons
    assert result.comment.decision["source"]["key"] == "forum.example"
    elsewhere = post(person, EssayFactory(), "Hello.", start, referrer="https://forum.example/x")
    assert elsewhere.outcome == "published"


def test_near_duplicates_across_accounts_form_one_cluster(post: Poster, essay: Essay, start):
    base = "Everyone should know that the author of this essay lied about {} and {} years ago"
    for i in range(5):
        post(
            newcomer(start, f"c{i}"),
            essay,
            base.format(["her job", "the job", "her work"][i % 3], i + 2),
            start + timedelta(seconds=20 * i),
        )
    change = LevelChange.objects.filter(essay=essay, to_level="shield").get()
    assert change.evidence["metrics"]["duplicate_accounts_30"] == 5
    assert "copy-paste campaign" in change.evidence["rules"]
    assert len(change.evidence["near_duplicates"]) == 5


def test_the_shield_can_be_switched_off(post: Poster, essay: Essay, start, settings):
    settings.SHIELD = {"ENABLED": False}
    brigade(post, essay, start)
    assert not Signal.objects.exists()
    assert discussion_conf.rules_for(essay).shield_level == "open"


def test_discussion_never_imports_the_shield():
    root = Path(__file__).resolve().parents[2] / "thoughtful" / "discussion"
    offenders = [
        str(p) for p in root.rglob("*.py") if "thoughtful.shield" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
