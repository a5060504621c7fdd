"""Discussion's part of exporting and deleting an account (issue 11), registered in
people.hooks by DiscussionConfig.ready, so `people` never imports discussion."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from thoughtful.discussion.models import Comment, CommentRevision, Reaction, Report
from thoughtful.discussion.versions import bump_thread
from thoughtful.people.models import User
from thoughtful.publishing import page_version


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_comments(person: User) -> list[dict[str, Any]]:
    """Every comment the person wrote, whatever became of it, with its status: their own
    words. The rejection reason is shown to them on the site too; moderators' notes are not."""
    rows = Comment.objects.filter(author=person).select_related("essay").order_by("created_at")
    return [
        {
            "id": c.pk,
            "essay": c.essay.title,
            "essay_url": c.essay.get_absolute_url(),
            "in_reply_to": c.parent_id,
            "body": c.body,
            "status": c.status,
            "withdrawn": c.is_withdrawn,
            "rejection_reason": c.rejection_reason,
            "created_at": _when(c.created_at),
            "edited_at": _when(c.edited_at),
            "deleted_at": _when(c.deleted_at),
            "earlier_versions": [r.body for r in c.revisions.all()],
        }
        for c in rows.prefetch_related("revisions")
    ]


def export_reactions(person: User) -> list[dict[str, Any]]:
    """Which comments the person found thoughtful: ids and places, never others' text (a
    reacted-to comment may since have been removed)."""
    rows = Reaction.objects.filter(person=person).select_related("comment__essay")
    return [
        {
            "comment_id": r.comment_id,
            "essay": r.comment.essay.title,
            "kind": r.kind,
            "created_at": _when(r.created_at),
        }
        for r in rows.order_by("created_at", "id")
    ]


def export_reports(person: User) -> list[dict[str, Any]]:
    rows = Report.objects.filter(reporter=person).select_related("comment__essay")
    return [
        {
            "comment_id": r.comment_id,
            "essay": r.comment.essay.title,
            "reason": r.reason,
            "text": r.text,
            "status": r.status,
            "created_at": _when(r.created_at),
        }
        for r in rows.order_by("created_at", "id")
    ]


def comments_policy() -> str:
    policy = str(getattr(settings, "ACCOUNT_DELETION_COMMENTS", "anonymise"))
    return policy if policy in ("anonymise", "remove") else "anonymise"


def delete_comments(person: User) -> None:
    """By ACCOUNT_DELETION_COMMENTS:

    - "anonymise": published comments keep their words and their place; the byline becomes
      "deleted account" (people.models.DELETED_NAME) with no link;
    - "remove": published comments become tombstones, exactly as if their writer had deleted
      each one, and their text and earlier versions are erased.

    Either way, held and rejected comments (nobody but moderators saw them) are withdrawn and
    keep their moderation outcome, and no row disappears: replies, reports, sanctions and the
    moderation log (append-only, with its own evidence) keep pointing where they did. Reactions
    the person gave stay as anonymous counts: the writers they thanked keep their score.
    """
    now = timezone.now()
    mine = Comment.objects.filter(author=person)
    mine.filter(status__in=[Comment.Status.HELD, Comment.Status.REJECTED]).filter(
        deleted_at__isnull=True
    ).update(deleted_at=now)
    if comments_policy() == "remove":
        mine.filter(status=Comment.Status.PUBLISHED).update(
            status=Comment.Status.DELETED, deleted_at=now
        )
        CommentRevision.objects.filter(comment__author=person).delete()
        mine.update(body="", body_html="", featured_at=None, featured_by=None)
    # Queryset updates send no signal: the cached threads and essay pages (bylines,
    # tombstones) are bumped here.
    essay_ids = set(mine.values_list("essay_id", flat=True))
    for essay_id in essay_ids:
        bump_thread(essay_id)
    page_version.bump_many(essay_ids)
