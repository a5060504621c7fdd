"""Shield settings: site defaults from settings.SHIELD, overridable per essay.

Escalation rules are stated as data so that moderators can read (and tune) exactly what moves
an essay from one level to the next. A rule fires when every one of its conditions holds; the
highest level with a firing rule is the target. Conditions name a metric of a rolling window
(`<metric>_<minutes>`, windows of 1, 5 and 30 minutes) and a minimum.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from django.conf import settings

LEVELS: tuple[str, ...] = ("open", "watch", "shield", "lockdown")
WINDOWS: tuple[int, ...] = (1, 5, 30)

DEFAULTS: dict[str, Any] = {
    "ENABLED": True,
    # Relationship to the publication (issue 9): an account at least this old, or an earlier
    # approved comment, or a verified email address together with an earlier read of another
    # essay here. A verified address alone costs a brigade seconds, so it does not count alone.
    "RELATIONSHIP_ACCOUNT_DAYS": 7,
    # A comment counts as hostile, for the shield's crowd-level shares, when any attribute the
    # pipeline acts on reaches this. Lower than the 0.5 line that acts on one comment: the shield
    # never acts on a comment for its score alone, only on shares of a window together with
    # newcomers or one source, so a weaker per-comment signal is enough, and scorer v2 scores much
    # veiled hostility between 0.3 and 0.5. Chosen on the shipped scenarios (bench_shield): at
    # 0.4 the mix brigade publishes 10 hostile comments before Shield, at 0.35 six; at 0.3 the
    # benign viral essay is wrongly shielded (tests/shield/test_replay.py guards both ends).
    "HOSTILE_SCORE": 0.35,
    # Comment-rate baselines (comments per minute): the essay's own over the past day, the
    # site's, and this floor, whichever is highest.
    "BASELINE_FLOOR_PER_MINUTE": 0.5,
    # Near-duplicates: MinHash over character 5-shingles; texts shorter than this many words are
    # ignored (short thanks are alike by nature), and an estimated Jaccard similarity of at least
    # NEAR_DUPLICATE_SIMILARITY makes two texts near-duplicates.
    "NEAR_DUPLICATE_MIN_WORDS": 8,
    "NEAR_DUPLICATE_SIMILARITY": 0.6,
    # A sign-up "from this essay": joined at most this long before commenting, having landed here.
    "SIGNUP_RECENT_MINUTES": 120,
    "RULES": {
        "watch": [
            {"name": "comment rate", "when": {"comments_5": 8, "rate_ratio_5": 4}},
            {"name": "hostile comments", "when": {"hostile_5": 3, "hostile_share_5": 0.25}},
            {
                "name": "newcomers from one source",
                "when": {"comments_5": 5, "newcomer_share_5": 0.5, "source_share_5": 0.5},
            },
            {"name": "near-duplicates", "when": {"duplicate_accounts_30": 3}},
            {"name": "following the author", "when": {"followers_30": 2}},
            {"name": "sign-ups from this essay", "when": {"signups_here_30": 5}},
        ],
        "shield": [
            {
                "name": "hostile newcomers",
                "when": {"hostile_5": 4, "hostile_share_5": 0.3, "newcomer_share_5": 0.5},
            },
            {
                "name": "hostile wave from one source",
                "when": {"hostile_5": 4, "hostile_share_5": 0.3, "source_share_5": 0.5},
            },
            {
                # A wave of new accounts from one link, and some of it hostile already.
                "name": "hostile wave of newcomers from one source",
                "when": {
                    "hostile_5": 3,
                    "hostile_share_5": 0.2,
                    "newcomer_share_5": 0.6,
                    "source_share_5": 0.6,
                },
            },
            {
                "name": "slow burn",
                "when": {"comments_30": 12, "hostile_share_30": 0.25, "newcomer_share_30": 0.5},
            },
            {"name": "copy-paste campaign", "when": {"duplicate_accounts_30": 5}},
            {"name": "brigade following the author", "when": {"followers_30": 4}},
            {"name": "hostile majority", "when": {"hostile_5": 8, "hostile_share_5": 0.5}},
        ],
        "lockdown": [
            {"name": "overwhelming hostility", "when": {"hostile_1": 15, "hostile_share_5": 0.6}},
        ],
    },
    # Hysteresis: this long under the current level's rules before going down one level.
    "CALM_MINUTES": 30,
    # Author-wide: another essay of the author reaching Shield keeps theirs at Watch this long.
    "AUTHOR_WIDE_HOURS": 24,
    # What each level changes for writers.
    "SLOW_MODE_SECONDS": 300,  # Shield and above: one comment per 5 minutes per person
    "NUDGE_WIDEN": 0.15,  # Shield and above: the nudge band starts this much lower
    "LOCKDOWN_MIN_SCORE": 50,  # Lockdown: contribution score needed to post directly
    "LOCKDOWN_NOTICE": (
        "This discussion is under heavy pressure. For now, only established contributors' "
        "comments appear at once; everyone else's are read by a moderator first."
    ),
    # Pile-on emails to the essay's author: at most one digest per this many minutes.
    "AUTHOR_DIGEST_MINUTES": 60,
}


def site() -> dict[str, Any]:
    merged = deepcopy(DEFAULTS)
    for key, value in getattr(settings, "SHIELD", {}).items():
        if key == "RULES":
            merged["RULES"] = {**merged["RULES"], **value}
        else:
            merged[key] = value
    return merged


def value(name: str) -> Any:
    return site()[name]


def for_essay(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Site settings with one essay's overrides (EssayProtection.overrides) laid over them."""
    merged = site()
    for key, val in (overrides or {}).items():
        if key == "RULES" and isinstance(val, dict):
            merged["RULES"] = {**merged["RULES"], **val}
        elif key in merged:
            merged[key] = val
    return merged


def rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else 0
