from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from thoughtful.publishing.models import Essay


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible(self) -> CommentQuerySet:
        """What every reader sees: published comments and tombstones that keep their replies."""
        return self.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.DELETED])


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Awaiting review"
        REJECTED = "rejected", "Rejected"
        DELETED = "deleted", "Deleted by its author"  # a tombstone: the text is kept for audit

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    body = models.TextField(max_length=5000)
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    # The posting pipeline's decision and reasons, stored with the comment (issue 4).
    decision = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["essay", "status", "-created_at"], name="comment_essay_page"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.essay}: {self.body[:40]}"


class Reaction(models.Model):
    """A "Thoughtful" reaction: one per person per comment, never on one's own."""

    class Kind(models.TextChoices):
        THOUGHTFUL = "thoughtful", "Thoughtful"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.THOUGHTFUL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "person", "kind"], name="reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} found comment {self.comment_id} {self.kind}"
