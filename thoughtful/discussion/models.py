from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from thoughtful.publishing.models import Essay

# Threads display nested to this depth (0 = top level); deeper replies open a thread view.
MAX_DISPLAY_DEPTH = 2


class CommentQuerySet(models.QuerySet["Comment"]):
    """Who sees which comment: the one rule (issue 14). Every page, API route, email and action
    outside the moderator desk reads comments through `visible_to`, `readable_by` or `public`.

    | the comment                                    | its writer         | everyone else      |
    |------------------------------------------------|--------------------|--------------------|
    | published                                      | text               | text               |
    | published, then deleted by its writer          | tombstone, no text | tombstone, no text |
    | held (awaiting review) or rejected             | text, with a badge | hidden             |
    | held or rejected, then deleted (withdrawn)     | hidden             | hidden             |
    | under an essay that is not (or no longer) live | hidden             | hidden             |

    Editors, moderators and admins are readers like anyone else here: they see everything only
    on the desk (`discussion.access.desk_comments`, behind `people.permissions.can_moderate`).
    Hidden comments answer 404 like an id never used (`discussion.access`), never 403.
    """

    def visible_to(self, person_id: int | None) -> CommentQuerySet:
        """Listed in a thread for this viewer: with its text, or as a tombstone."""
        shown = models.Q(status__in=[Comment.Status.PUBLISHED, Comment.Status.DELETED])
        if person_id:
            shown |= models.Q(
                author_id=person_id,
                status__in=[Comment.Status.HELD, Comment.Status.REJECTED],
                deleted_at__isnull=True,
            )
        return self.filter(
            shown,
            essay__status=Essay.Status.PUBLISHED,
            essay__published_at__lte=timezone.now(),
        )

    def readable_by(self, person_id: int | None) -> CommentQuerySet:
        """Whose text this viewer reads, and so may act on (report, react, feature, edit,
        delete, reply): a tombstone has no text left to act on."""
        return self.visible_to(person_id).exclude(status=Comment.Status.DELETED)

    def public(self) -> CommentQuerySet:
        """What anyone may read: counts, the featured strip, emails and digests."""
        return self.readable_by(None)


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Awaiting review"
        REJECTED = "rejected", "Rejected"
        # A published comment its writer deleted: a public tombstone that keeps the replies in
        # place (the text is kept for audit). A held or rejected comment its writer deletes
        # keeps its status and gets `deleted_at` (withdrawn): the moderation outcome stands, and
        # nothing nobody was shown turns into a public tombstone (issue 14, item 4).
        DELETED = "deleted", "Deleted by its author"

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The top-level comment of the thread (itself for a top-level comment is NULL).
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="descendants"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(max_length=5000)
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    # The posting pipeline's decision: outcome, every check's verdict, the scores (issue 4).
    decision = models.JSONField(default=dict, blank=True)
    # Shown to the writer only when a comment is rejected.
    rejection_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When its writer deleted it: a tombstone (status DELETED) or a withdrawn held/rejected one.
    deleted_at = models.DateTimeField(null=True, blank=True)
    featured_at = models.DateTimeField(null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Denormalised for sorting big threads with an index (kept by actions and standing).
    author_score = models.PositiveIntegerField(default=0)
    thoughtful_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    # A double submit of the same form posts once.
    idempotency_key = models.CharField(max_length=64, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["essay", "status", "-created_at"], name="comment_essay_page"),
            models.Index(
                fields=["essay", "depth", "-author_score", "-created_at", "-id"],
                name="comment_top_sort",
            ),
            models.Index(
                fields=["essay", "depth", "-thoughtful_count", "-created_at", "-id"],
                name="comment_thoughtful_sort",
            ),
            models.Index(fields=["essay", "depth", "created_at", "id"], name="comment_time_sort"),
            models.Index(fields=["root", "depth", "created_at"], name="comment_thread"),
            models.Index(fields=["author", "-created_at"], name="comment_by_author"),
            # The featured strip: few rows, found without scanning a big thread.
            models.Index(
                fields=["essay", "-featured_at"],
                name="comment_featured",
                condition=models.Q(featured_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="comment_idempotent_submit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.essay}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.essay.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None

    @property
    def is_withdrawn(self) -> bool:
        """Held or rejected, then deleted by its writer: shown to nobody outside the desk."""
        return self.deleted_at is not None and self.status != self.Status.DELETED


class CommentRevision(models.Model):
    """The text a comment had before each edit (append-only history)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"revision of comment {self.comment_id} at {self.replaced_at:%Y-%m-%d %H:%M}"


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


class Report(models.Model):
    """A reader's report of a comment; reports feed the moderator desk."""

    class Reason(models.TextChoices):
        UNKIND = "unkind", "Unkind or harassment"
        HATE = "hate", "Hate"
        THREAT = "threat", "Threat"
        SPAM = "spam", "Spam"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    text = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"{self.reporter} reported comment {self.comment_id}: {self.reason}"


class WordRule(models.Model):
    """A banned word (reject) or a suspect word (hold), edited by staff in the admin."""

    class Action(models.TextChoices):
        REJECT = "reject", "Banned: reject"
        HOLD = "hold", "Suspect: hold for review"

    phrase = models.CharField(max_length=100, unique=True)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.HOLD)
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.get_action_display()})"


class Nudge(models.Model):
    """A writer was asked to reconsider before posting; what they did next is the outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        EDITED = "edited", "Edited"
        POSTED_ANYWAY = "posted_anyway", "Posted anyway"
        ABANDONED = "abandoned", "Abandoned"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges"
    )
    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="nudges")
    parent = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField()
    scores = models.JSONField(default=dict)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="nudges"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["outcome", "created_at"], name="nudge_outcome")]

    def __str__(self) -> str:
        return f"nudge for {self.author} on {self.essay}: {self.outcome}"


class DiscussionSettings(models.Model):
    """Per-essay discussion rules; blank fields fall back to the site's settings.

    The shield issue adds protection levels above CLOSED's siblings; the pipeline reads the
    level through `protection` only.
    """

    class Protection(models.TextChoices):
        OPEN = "open", "Open to everyone signed in"
        MEMBERS = "members", "Members only (established accounts)"
        CLOSED = "closed", "Closed for now"

    essay = models.OneToOneField(Essay, on_delete=models.CASCADE, related_name="discussion")
    protection = models.CharField(
        max_length=20, choices=Protection.choices, default=Protection.OPEN
    )
    nudge_threshold = models.FloatField(null=True, blank=True)
    hold_threshold = models.FloatField(null=True, blank=True)
    hold_first_comments = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "discussion settings"

    def __str__(self) -> str:
        return f"{self.essay}: {self.protection}"
