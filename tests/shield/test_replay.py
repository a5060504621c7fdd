"""Replay: the shipped scenarios reach their expected levels; bad input stops cleanly (issue 9).

Each scenario runs through the real posting pipeline, the real scorer and the shield, with
the simulated clock; `label` never reaches the pipeline (it only feeds the summary).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thoughtful.discussion.models import Comment
from thoughtful.shield import replay

pytestmark = pytest.mark.django_db(transaction=True)

BRIGADE_TARGET_SECONDS = 120
HOSTILE_PUBLISHED_TARGET = 10


def run(name: str) -> dict:
    return replay.run(replay.load(name))


def levels(summary: dict) -> list[tuple[str, str]]:
    return [(article, level) for _, article, level in summary["levels"]]


def test_benign_viral_never_goes_above_watch():
    summary = run("benign_viral")
    assert levels(summary) == [("viral-essay", "watch")]
    assert summary["first_shield_t"] == {"viral-essay": None}
    assert summary["benign_held"] == 0
    assert summary["decisions"] == {"published": 201}


def test_a_sudden_brigade_reaches_shield_within_two_minutes():
    summary = run("sudden_brigade")
    assert levels(summary) == [("grief-essay", "watch"), ("grief-essay", "shield")]
    assert summary["first_shield_t"]["grief-essay"] - 600 <= BRIGADE_TARGET_SECONDS
    assert summary["hostile_published_before_shield"]["grief-essay"] < HOSTILE_PUBLISHED_TARGET
    assert summary["benign_held"] == 0
    # The brigade's later comments wait for moderators; the regulars' do not.
    held = Comment.objects.filter(status=Comment.Status.HELD)
    assert held.filter(author__username__startswith="brig").count() == held.count() > 30


def test_a_slow_burn_reaches_shield():
    summary = run("slow_burn")
    assert levels(summary) == [("slow-essay", "watch"), ("slow-essay", "shield")]
    assert summary["benign_held"] == 0


def test_a_copy_paste_campaign_reaches_shield_on_its_near_duplicates():
    summary = run("copy_paste")
    assert levels(summary) == [("copy-essay", "watch"), ("copy-essay", "shield")]
    assert summary["first_shield_t"]["copy-essay"] - 500 <= BRIGADE_TARGET_SECONDS
    assert summary["hostile_published_before_shield"]["copy-essay"] < HOSTILE_PUBLISHED_TARGET
    assert summary["benign_held"] == 0


def test_a_brigade_following_the_author_protects_her_other_essays():
    summary = run("author_brigade")
    assert levels(summary) == [
        ("eve-third", "watch"),
        ("eve-second", "watch"),
        ("eve-first", "shield"),
        ("eve-second", "shield"),
        ("eve-third", "shield"),
    ]
    shield_t = summary["first_shield_t"]
    assert shield_t["eve-first"] - 400 <= BRIGADE_TARGET_SECONDS
    assert all(
        n < HOSTILE_PUBLISHED_TARGET for n in summary["hostile_published_before_shield"].values()
    )
    assert summary["benign_held"] == 0


def test_a_mix_protects_the_target_and_leaves_the_viral_essay_at_watch():
    summary = run("mix")
    assert levels(summary) == [
        ("mix-viral", "watch"),
        ("mix-target", "watch"),
        ("mix-target", "shield"),
        ("mix-quiet", "shield"),
    ]
    assert summary["first_shield_t"]["mix-viral"] is None
    assert summary["first_shield_t"]["mix-target"] - 900 <= BRIGADE_TARGET_SECONDS
    assert summary["benign_held"] == 0


def test_the_mix_brigade_reaches_shield_before_ten_hostile_are_published():
    summary = run("mix")
    assert summary["hostile_published_before_shield"]["mix-target"] < HOSTILE_PUBLISHED_TARGET


def test_labels_never_reach_the_pipeline(tmp_path: Path):
    """The same text with and without a label is decided the same way."""
    lines = [
        {
            "t": 0,
            "article": "a",
            "author": "au",
            "user": "u1",
            "account_age_days": 40,
            "text": "You are a pathetic liar.",
            "label": "benign",
        },
        {
            "t": 30,
            "article": "a",
            "author": "au",
            "user": "u2",
            "account_age_days": 40,
            "text": "You are a pathetic liar.",
        },
    ]
    events = replay.parse([json.dumps(x) for x in lines])
    summary = replay.run(events)
    decisions = list(Comment.objects.order_by("id").values_list("status", "decision"))
    assert decisions[0][0] == decisions[1][0] == "held"
    assert "label" not in json.dumps(decisions[0][1])
    assert summary["benign_held"] == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"t": 1, "article": "a", "author": "au", "user": "u"}', "line 2: missing 'text'"),
        ('{"t": -1, "article": "a", "author": "au", "user": "u", "text": "x"}', "line 2: 't'"),
        ('{"t": 1, "article": "a", "author": "zz", "user": "u", "text": "x"}', "changed author"),
        (
            '{"t": 1, "article": "a", "author": "au", "user": "u", "text": "x", "parent": 5}',
            "line 2: 'parent'",
        ),
        (
            '{"t": 1, "article": "a", "author": "au", "user": "u", "text": "x", "label": "x"}',
            "line 2: 'label'",
        ),
        (
            '{"t": 1, "article": "a", "author": "au", "user": "u", "text": "x", "mood": 1}',
            "unknown field 'mood'",
        ),
    ],
)
def test_a_bad_line_names_its_number_and_nothing_is_written(line: str, message: str):
    good = '{"t": 0, "article": "a", "author": "au", "user": "u", "text": "Hello there."}'
    with pytest.raises(replay.ScenarioError, match=message.replace("(", r"\(")):
        replay.parse([good, line])
    assert not Comment.objects.exists()


def test_the_cli_runs_from_any_directory_in_a_throwaway_database(tmp_path: Path):
    scenario = tmp_path / "tiny.jsonl"
    scenario.write_text(
        '{"t": 0, "article": "tiny", "author": "au", "user": "u", "account_age_days": 30, '
        '"text": "A kind and careful reply.", "label": "benign"}\n'
    )
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PYTHONPATH"] = str(root)
    done = subprocess.run(
        [sys.executable, "-m", "thoughtful.cli", "replay", str(scenario), "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary == {
        "levels": [],
        "first_shield_t": {"tiny": None},
        "hostile_published_before_shield": {"tiny": 0},
        "benign_held": 0,
        "decisions": {"published": 1},
    }
    assert list(tmp_path.iterdir()) == [scenario]  # nothing left behind
    bad = subprocess.run(
        [sys.executable, "-m", "thoughtful.cli", "replay", str(tmp_path / "missing.jsonl")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "no such scenario file" in bad.stderr
