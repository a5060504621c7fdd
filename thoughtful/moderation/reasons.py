"""Human labels for reason codes: the pipeline's (why a comment was held) and the moderator's
(why a comment was removed; the writer sees that text)."""

from __future__ import annotations

# Codes the posting pipeline stores in Comment.decision["reasons"] (discussion.pipeline.checks).
PIPELINE_LABELS: dict[str, str] = {
    "person_premoderated": "Writer is pre-moderated",
    "person_banned": "Writer is banned",
    "person_suspended": "Writer is suspended",
    "suspect_word": "Suspect words",
    "banned_word": "Banned words",
    "too_many_links": "Many links",
    "link_from_new_account": "Link from a new account",
    "score_hold": "Scorer: likely hostile",
    "score_nudge": "Scorer: nudge band",
    "nudge_posted_anyway": "Nudged, posted anyway",
    "scorer_unavailable": "Scorer unavailable",
    "unscored": "Published unscored",
    "imported": "Imported (WordPress or Disqus)",
    "rescored_hold": "Held after a late score",
    "first_comment": "New commenter",
    "essay_closed": "Essay closed",
    "demo_seed": "Demo data",
    # The shield (issue 9).
    "slow_mode": "Slow mode",
    "protection_newcomer": "Shield: new account",
    "protection_lockdown": "Lockdown",
    "protection_source_held": "Shield: held referrer",
}


def pipeline_label(code: str) -> str:
    return PIPELINE_LABELS.get(code, code.replace("_", " ").capitalize())


# The scorer's attributes (scoring.scorer.ATTRIBUTES) as the desk shows them (issue 11).
SCORE_LABELS: dict[str, str] = {
    "toxicity": "Toxicity",
    "insult": "Insult",
    "threat": "Threat",
    "identity_attack": "Identity attack",
    "profanity": "Profanity",
    "attack_on_author": "Attack on author",
    "attack_on_commenter": "Attack on commenter",
}


def score_label(code: str) -> str:
    return SCORE_LABELS.get(code, code.replace("_", " ").capitalize())


# Why a moderator removes a comment: code -> the sentence its writer sees.
REJECTION_REASONS: dict[str, str] = {
    "personal_attack": "It attacks a person rather than engaging with what they said.",
    "harassment": "It harasses or targets someone.",
    "hate": "It attacks people for who they are.",
    "threat": "It threatens or wishes harm on someone.",
    "privacy": "It shares someone's private information.",
    "spam": "It is spam or advertising.",
    "off_topic": "It is off-topic for this essay.",
    "other": "It breaks the community guidelines.",
}

REJECTION_LABELS: dict[str, str] = {
    "personal_attack": "Personal attack",
    "harassment": "Harassment",
    "hate": "Hate",
    "threat": "Threat",
    "privacy": "Private information",
    "spam": "Spam",
    "off_topic": "Off-topic",
    "other": "Other",
}


def reason_label(code: str) -> str:
    return REJECTION_LABELS.get(code) or pipeline_label(code)
