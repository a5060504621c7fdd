"""Labelled examples: how they are written, read, and turned into a site layer (issue 10).

Scoring imports no other app: moderation's listeners (thoughtful/moderation/learning.py) and the
Perspective endpoint call ``record_example`` / ``suggestions.store_suggestion`` with plain
values, and ``adapt_site_layer`` is what `thoughtful model --adapt` and the weekly job run.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from thoughtful.scoring import adapt
from thoughtful.scoring.models import LabelledExample

MAX_TEXT = 20_000
TRAINING_LIMIT = 20_000  # the most recent examples a fit reads


def clean_labels(labels: dict[str, Any]) -> dict[str, float]:
    """Attribute names lower-cased, values clipped to [0, 1]; anything else is dropped."""
    out: dict[str, float] = {}
    for name, value in labels.items():
        if not isinstance(name, str) or not name.replace("_", "").isalnum():
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            continue
        out[name.lower()[:40]] = round(min(1.0, max(0.0, float(value))), 4)
    return out


def record_example(
    *,
    text: str,
    labels: dict[str, Any],
    source: str,
    reason_code: str = "",
    comment_id: int | None = None,
    client_token: str = "",
    languages: list[str] | None = None,
    now: datetime | None = None,
) -> LabelledExample:
    """Store one example. For a comment, a later decision replaces the earlier one."""
    if source not in LabelledExample.Source.values:
        raise ValueError(f"unknown source {source!r}")
    moment = now or timezone.now()
    values = {
        "text": text[:MAX_TEXT],
        "labels": clean_labels(labels),
        "source": source,
        "reason_code": reason_code[:40],
        "client_token": client_token[:200],
        "languages": list(languages or [])[:10],
        "updated_at": moment,
    }
    if comment_id is None:
        return LabelledExample.objects.create(**values, created_at=moment)
    with transaction.atomic():
        example, _ = LabelledExample.objects.update_or_create(
            comment_id=comment_id, defaults=values, create_defaults={**values, "created_at": moment}
        )
    return example


def training_examples(limit: int = TRAINING_LIMIT) -> list[tuple[str, dict[str, float]]]:
    rows = LabelledExample.objects.exclude(labels={}).order_by("-updated_at", "-pk")[:limit]
    return [(text, labels) for text, labels in rows.values_list("text", "labels")]


def adapt_site_layer(
    *, out: io.TextIOBase | Any, tolerance: float = adapt.TOLERANCE, scorer: Any = None
) -> str | None:
    """Fit, check and (if it passes) activate a new site layer. Returns the version activated,
    or None (too few examples, or refused by the check: the report says which)."""
    from thoughtful.scoring.scorer import get_scorer

    scorer = scorer or get_scorer()
    examples = training_examples()
    candidate = adapt.build(examples, scorer, tolerance=tolerance)
    if candidate is None:
        out.write(
            f"Not enough labelled examples yet ({len(examples)}; at least {adapt.MIN_EXAMPLES}, "
            f"with {adapt.MIN_PER_CLASS} of each kind for an attribute): the current model "
            "stays.\n"
        )
        return None
    name = adapt.save(candidate)
    report = candidate.report
    out.write(
        f"Fitted {name} over shipped model {scorer.version}: "
        f"{', '.join(candidate.layer.fitted)} "
        f"({report['examples']['train']} examples, {report['examples']['holdout']} held out).\n"
    )
    for section, metrics in report["suite"].items():
        shown = ", ".join(f"{m} {a:.3f}->{b:.3f}" for m, (a, b) in metrics.items())
        out.write(f"  suite {section}: {shown}\n")
    for attr, r in report["holdout"].items():
        out.write(
            f"  hold-out {attr} (n={r['n']}): log loss {r['shipped']:.3f}->{r['adapted']:.3f}\n"
        )
    if not candidate.passed:
        out.write(f"Refused: {name} does worse than the shipped model; it is not used.\n")
        for line in report["suite_worse"] + report["holdout_worse"]:
            out.write(f"  {line}\n")
        return None
    adapt.activate(name)
    out.write(f"Activated {name}. `thoughtful model --rollback` returns to the previous one.\n")
    return name
