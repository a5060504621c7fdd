"""Moderators' decisions become the scorer's labelled examples (issue 10).

Listens to discussion's `comment_decided` (registered in ModerationConfig.ready) and writes
through scoring's own function, so neither discussion nor scoring imports moderation. Only a
person's decision teaches: automatic removals (banned words) are the rules talking, not a
moderator. A comment posted anyway after the nudge is recorded as source "post_anyway".

What a decision says about each attribute (an attribute left out is unknown, not 0):
- approved (held comment published, or a reported one kept): every attribute 0;
- rejected: the attributes its reason names are 1 (below); spam, off-topic and "other" say
  nothing about hostility, so they are kept with no labels and never fitted.
"""

from __future__ import annotations

from thoughtful.discussion.models import Comment
from thoughtful.moderation.models import LogEntry
from thoughtful.scoring.labels import record_example
from thoughtful.scoring.models import LabelledExample
from thoughtful.scoring.scorer import ATTRIBUTES

# Rejection reason -> attributes it asserts. "attack" is the author or another commenter,
# depending on whether the comment replies to someone.
REJECTION_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "personal_attack": ("toxicity", "attack"),
    "harassment": ("toxicity", "attack"),
    "hate": ("toxicity", "identity_attack"),
    "threat": ("toxicity", "threat"),
    "privacy": ("threat",),
    "spam": (),
    "off_topic": (),
    "other": (),
}


def labels_for(*, approved: bool, reason_code: str, is_reply: bool) -> dict[str, float]:
    if approved:
        return dict.fromkeys(ATTRIBUTES, 0.0)
    attack = "attack_on_commenter" if is_reply else "attack_on_author"
    names = [attack if a == "attack" else a for a in REJECTION_ATTRIBUTES.get(reason_code, ())]
    return {name: 1.0 for name in names if name in ATTRIBUTES}


def label_decision(comment_id: int) -> None:
    """The `comment_decided` listener."""
    example_for_decision(comment_id)


def example_for_decision(comment_id: int) -> LabelledExample | None:
    comment = Comment.objects.filter(pk=comment_id).first()
    entry = (
        LogEntry.objects.filter(
            comment_id=comment_id, action__in=[LogEntry.Action.APPROVE, LogEntry.Action.REJECT]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if comment is None or entry is None or entry.actor_id is None:
        return None
    approved = entry.action == LogEntry.Action.APPROVE
    posted_anyway = "nudge_posted_anyway" in (comment.decision or {}).get("reasons", [])
    if posted_anyway:
        source = LabelledExample.Source.POST_ANYWAY
    elif approved:
        source = LabelledExample.Source.MODERATOR_APPROVE
    else:
        source = LabelledExample.Source.MODERATOR_REJECT
    return record_example(
        text=comment.body,
        labels=labels_for(
            approved=approved, reason_code=entry.reason_code, is_reply=comment.parent_id is not None
        ),
        source=source,
        reason_code="approved" if approved else entry.reason_code,
        comment_id=comment.pk,
    )


def summary() -> dict[str, object]:
    """For the desk's dashboard: what the scorer has learnt from, and which layer is in use."""
    from django.db.models import Count

    from thoughtful.scoring import adapt

    by_source = dict(
        LabelledExample.objects.values_list("source").annotate(n=Count("id")).order_by()
    )
    state = adapt.read_state()
    return {
        "examples": {
            label: by_source.get(value, 0) for value, label in LabelledExample.Source.choices
        },
        "total": sum(by_source.values()),
        "active": state["active"],
    }
