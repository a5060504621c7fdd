"""Comments deleted by their writers before issue 14 lost their moderation outcome: deleting
turned a held or rejected comment into a "deleted by its author" tombstone. Give each its
outcome back from the moderation log (the last approve or reject), or, never decided by a
person, from the posting pipeline's own decision. Published ones stay tombstones; the others
keep `deleted_at` and so stay withdrawn (shown to nobody outside the desk)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The posting pipeline's outcome -> the status it stored (discussion.actions._status_for).
_PIPELINE = {"reject": "rejected", "hold": "held", "nudge": "held"}


def _outcome(comment: Any, LogEntry: Any) -> str:
    decision = comment.decision or {}
    last = (
        LogEntry.objects.filter(comment_id=comment.pk, action__in=["approve", "reject"])
        .order_by("-created_at", "-id")
        .first()
    )
    edit = (decision.get("edit") or {}).get("outcome", "")
    # An edit checked again after the last decision held the comment anew.
    if edit in ("hold", "nudge") and comment.edited_at is not None:
        if last is None or last.created_at < comment.edited_at:
            return "held"
    if last is not None:
        return "rejected" if last.action == "reject" else "deleted"
    return _PIPELINE.get(decision.get("outcome", ""), "deleted")


def restore_outcomes(apps: Any, schema_editor: Any) -> None:
    Comment = apps.get_model("discussion", "Comment")
    LogEntry = apps.get_model("moderation", "LogEntry")
    for comment in Comment.objects.filter(status="deleted").iterator():
        status = _outcome(comment, LogEntry)
        if status != "deleted":
            Comment.objects.filter(pk=comment.pk).update(status=status)


def back_to_tombstones(apps: Any, schema_editor: Any) -> None:
    Comment = apps.get_model("discussion", "Comment")
    Comment.objects.filter(status__in=["held", "rejected"], deleted_at__isnull=False).update(
        status="deleted"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0002_featured_index"),
        ("moderation", "0001_initial_desk"),
    ]

    operations = [migrations.RunPython(restore_outcomes, back_to_tombstones)]
