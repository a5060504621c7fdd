"""`comments:suggestscore`: a client's suggested scores become a labelled example (issue 10)."""

from __future__ import annotations

from typing import Any

from thoughtful.scoring.labels import record_example
from thoughtful.scoring.models import LabelledExample


def suggested_values(attribute_scores: Any) -> dict[str, float]:
    """Perspective's ``attributeScores`` ({"TOXICITY": {"summaryScore": {"value": 0.9}}}),
    or plain {"toxicity": 0.9}, as {attribute: value}. Malformed entries are left out."""
    out: dict[str, float] = {}
    if not isinstance(attribute_scores, dict):
        return out
    for name, entry in attribute_scores.items():
        value = entry
        if isinstance(entry, dict):
            summary = entry.get("summaryScore")
            value = summary.get("value") if isinstance(summary, dict) else None
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(name, str) and number and 0.0 <= float(value) <= 1.0:
            out[name.lower()] = float(value)
    return out


def store_suggestion(
    text: str,
    attribute_scores: Any,
    client_token: str | None = None,
    languages: list[str] | None = None,
) -> LabelledExample:
    """Store a suggestion; ValueError when there is no text or no usable score to learn from."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Comment text must be non-empty.")
    values = suggested_values(attribute_scores)
    if not values:
        raise ValueError(
            "attributeScores must give at least one attribute a summaryScore.value in [0, 1]."
        )
    return record_example(
        text=text,
        labels=values,
        source=LabelledExample.Source.PERSPECTIVE_SUGGESTION,
        client_token=client_token or "",
        languages=[x for x in (languages or []) if isinstance(x, str)],
    )
