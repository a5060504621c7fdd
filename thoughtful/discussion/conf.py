"""Discussion settings: site defaults from settings.DISCUSSION, overridden per essay."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings

from thoughtful.discussion import events

DEFAULTS: dict[str, Any] = {
    # The posting pipeline, in order. Each entry names a check in discussion.pipeline.checks.
    "PIPELINE": [
        "person_status",
        "protection",
        "rate",
        "length",
        "duplicate",
        "words",
        "links",
        "score",
        "new_commenter",
    ],
    "RATE_INTERVAL_SECONDS": 10,  # one comment per 10 s on average...
    "RATE_BURST": 3,  # ...with bursts of 3
    "MAX_LENGTH": 5000,
    "DUPLICATE_WINDOW_SECONDS": 600,
    "MAX_LINKS": 2,  # more links than this are held
    "NEW_ACCOUNT_DAYS": 3,  # any link from an account younger than this is held
    "MEMBER_MIN_ACCOUNT_DAYS": 7,  # "members only" essays: accounts at least this old
    "SCORER": "thoughtful.scoring.scorer.get_scorer",
    "SCORE_ATTRIBUTES": ["toxicity", "attack_on_author", "threat", "identity_attack"],
    "NUDGE_THRESHOLD": 0.5,
    "HOLD_THRESHOLD": 0.85,
    "SCORER_TIMEOUT_MS": 300,
    # When the scorer fails or is too slow: "rescore" publishes a comment the scorer was too
    # slow for (marked "unscored") and scores it again in the worker, holding one that crashes
    # it; "hold" holds both; "publish" publishes both, marked "unscored".
    "SCORER_FAILURE": "rescore",
    # A new commenter's first N comments wait for approval. Off site-wide by default (a new
    # reader's first comment appears at once); sensitive essays turn it on in their settings.
    "HOLD_FIRST_COMMENTS": 0,
    "EDIT_WINDOW_SECONDS": 600,
    "NUDGE_ABANDONED_AFTER_SECONDS": 3600,
    "PAGE_SIZE": 20,
    "REPLIES_PER_COMMENT": 3,
}


@dataclass(frozen=True)
class Rules:
    """The effective rules for one essay's discussion."""

    pipeline: tuple[str, ...]
    rate_interval_seconds: float
    rate_burst: int
    max_length: int
    duplicate_window_seconds: int
    max_links: int
    new_account_days: int
    member_min_account_days: int
    scorer: str
    score_attributes: tuple[str, ...]
    nudge_threshold: float
    hold_threshold: float
    scorer_timeout_ms: int
    scorer_failure: str
    hold_first_comments: int
    edit_window_seconds: int
    protection: str = "open"
    # Laid over by the shield through events.protection_rules (issue 9): the essay's level and
    # what it changes for writers.
    shield_level: str = "open"
    hold_without_relationship: bool = False
    slow_mode_seconds: int = 0
    direct_post_min_score: int = 0  # Lockdown: below this score, comments are held
    shield_notice: str = ""
    held_sources: tuple[str, ...] = ()


def site_value(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "DISCUSSION", {})}[name]


def site_rules() -> Rules:
    merged = {**DEFAULTS, **getattr(settings, "DISCUSSION", {})}
    return Rules(
        pipeline=tuple(merged["PIPELINE"]),
        rate_interval_seconds=float(merged["RATE_INTERVAL_SECONDS"]),
        rate_burst=int(merged["RATE_BURST"]),
        max_length=int(merged["MAX_LENGTH"]),
        duplicate_window_seconds=int(merged["DUPLICATE_WINDOW_SECONDS"]),
        max_links=int(merged["MAX_LINKS"]),
        new_account_days=int(merged["NEW_ACCOUNT_DAYS"]),
        member_min_account_days=int(merged["MEMBER_MIN_ACCOUNT_DAYS"]),
        scorer=str(merged["SCORER"]),
        score_attributes=tuple(merged["SCORE_ATTRIBUTES"]),
        nudge_threshold=float(merged["NUDGE_THRESHOLD"]),
        hold_threshold=float(merged["HOLD_THRESHOLD"]),
        scorer_timeout_ms=int(merged["SCORER_TIMEOUT_MS"]),
        scorer_failure=str(merged["SCORER_FAILURE"]),
        hold_first_comments=int(merged["HOLD_FIRST_COMMENTS"]),
        edit_window_seconds=int(merged["EDIT_WINDOW_SECONDS"]),
    )


def rules_for(essay: Any) -> Rules:
    """Site rules with the essay's own settings (DiscussionSettings) laid over them."""
    rules = site_rules()
    if essay is None:
        return rules
    own = getattr(essay, "discussion", None)
    changes: dict[str, Any] = {}
    if own is not None:
        changes["protection"] = own.protection
        if own.nudge_threshold is not None:
            changes["nudge_threshold"] = own.nudge_threshold
        if own.hold_threshold is not None:
            changes["hold_threshold"] = own.hold_threshold
        if own.hold_first_comments is not None:
            changes["hold_first_comments"] = own.hold_first_comments
    shielded = events.protection_rules(essay.pk)
    if shielded:
        # The nudge band widens downwards; other names are Rules fields.
        widen = float(shielded.pop("nudge_widen", 0) or 0)
        if widen:
            nudge = changes.get("nudge_threshold", rules.nudge_threshold)
            changes["nudge_threshold"] = max(0.05, nudge - widen)
        if "held_sources" in shielded:
            shielded["held_sources"] = tuple(shielded["held_sources"])
        known = set(Rules.__dataclass_fields__)
        changes.update({k: v for k, v in shielded.items() if k in known})
    return replace(rules, **changes) if changes else rules
