from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from thoughtful.publishing.uploads import image_path, rendition_path


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    # Letters of any script (publishing.tags makes slugs; issue 14, item 3).
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:tag", kwargs={"slug": self.slug})


class Image(models.Model):
    """A picture with the alt text and credit line that must travel with it."""

    # Random names, looked up by publishing.media on every request (hence the index).
    file = models.ImageField(
        upload_to=image_path, width_field="width", height_field="height", db_index=True
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        max_length=300, help_text="Describe the picture for someone who cannot see it."
    )
    credit = models.CharField(
        max_length=200, help_text='Printed as is, e.g. "Image: Author\'s Own".'
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="image_alt_required"),
        ]

    def __str__(self) -> str:
        return self.alt_text[:60]

    @property
    def srcset(self) -> str:
        """ "url 480w, url 960w, ..." from the renditions, plus the original at its width."""
        parts = [f"{r.file.url} {r.width}w" for r in self.renditions.all()]
        if self.width:
            parts.append(f"{self.file.url} {self.width}w")
        return ", ".join(parts)


class EssayQuerySet(models.QuerySet["Essay"]):
    def published(self) -> EssayQuerySet:
        """The magazine's live essays: what its pages, lists, feeds, sitemap and search show.
        The hidden essays behind embedded threads (thoughtful/embed) are live for their comments
        but never listed here."""
        return self.filter(
            status=Essay.Status.PUBLISHED, published_at__lte=timezone.now(), external_url=""
        )


# An unhurried adult reading pace for personal essays (the usual estimates run 200 to 250).
READING_WORDS_PER_MINUTE = 230


class Essay(models.Model):
    class Status(models.TextChoices):
        # The editorial workflow (issue 5); transitions live in publishing.workflow.
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_EDIT = "in_edit", "In edit"
        COPY_EDIT = "copy_edit", "Copy edit"
        SOCIAL = "social", "Social copy"
        READY = "ready", "Ready for approval"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        RETURNED = "returned", "Returned to author"
        UNPUBLISHED = "unpublished", "Unpublished"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.CharField(max_length=400, blank=True)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="essays"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    featured_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="essays")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Workflow bookkeeping (changed only by publishing.actions).
    status_changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who has claimed the current step.",
    )
    due_at = models.DateTimeField(null=True, blank=True, help_text="Due date of the current step.")
    scheduled_for = models.DateTimeField(null=True, blank=True, db_index=True)
    unpublished_reason = models.TextField(blank=True)
    editors_pick = models.BooleanField(default=False)
    # Bumped (publishing.page_version) whenever anything shown on the essay's page changes:
    # the essay, its credits, its comments and reactions (issue 12: a cached anonymous page is
    # keyed on it, so a change is never served stale for long).
    page_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Set only on the hidden essay that carries an embedded thread (issue 13, thoughtful/embed):
    # the canonical address of the page on another site the thread sits under. Such an essay
    # is published (so the comment pipeline, the desk and the shield treat its comments like
    # any other) but left out of `published()`, and its page here redirects to that address.
    external_url = models.URLField(max_length=1000, blank=True, editable=False)

    objects = EssayQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="essay_status_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:essay", kwargs={"slug": self.slug})

    @property
    def reading_minutes(self) -> int:
        """Minutes to read at READING_WORDS_PER_MINUTE, at least one (issue 11: on cards)."""
        words = len(self.body.split())
        return max(1, round(words / READING_WORDS_PER_MINUTE))

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Credit(models.Model):
    """A named contribution to an essay, printed in order in its credits block."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        EDITOR = "editor", "Editor"
        COPY_EDITOR = "copy_editor", "Copy Editor"
        SOCIAL_EDITOR = "social_editor", "Social Editor"

    # The order the page prints them in (the image credit sits between author and editor).
    ORDER = [Role.AUTHOR, Role.EDITOR, Role.COPY_EDITOR, Role.SOCIAL_EDITOR]

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credits"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["essay", "role"], name="credit_one_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class RelatedPick(models.Model):
    """An editor's ordered choice of what to read next."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="picks")
    pick = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="picked_by")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["essay", "pick"], name="pick_once"),
            models.CheckConstraint(
                condition=~models.Q(essay=models.F("pick")), name="pick_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.essay} → {self.pick}"


class DailyReads(models.Model):
    """Reads per essay per day: one per visitor per essay per day (see publishing.reads)."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="daily_reads")
    day = models.DateField()
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["essay", "day"], name="reads_one_row_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.essay} on {self.day}: {self.reads}"


class EssayEvent(models.Model):
    """The append-only workflow log: one row per transition (and per credit or pick change)."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.essay_id}: {self.action} {self.from_status}→{self.to_status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Essay events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Essay events are append-only.")


class EditorialNote(models.Model):
    """A private note on an essay, visible to staff and its author."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class EssayRevision(models.Model):
    """A saved version of an essay's text; see publishing.revisions for the pruning policy."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    standfirst = models.CharField(max_length=400, blank=True)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision {self.pk} of {self.essay_id}"


class SocialCopy(models.Model):
    """Share title, description and per-channel blurbs, written in the social step."""

    essay = models.OneToOneField(Essay, on_delete=models.CASCADE, related_name="social")
    share_title = models.CharField(max_length=200, blank=True)
    share_description = models.CharField(max_length=300, blank=True)
    facebook = models.TextField(blank=True, max_length=1000)
    x = models.CharField(max_length=280, blank=True)
    newsletter = models.TextField(blank=True, max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "social copy"

    def __str__(self) -> str:
        return self.share_title or str(self.essay_id)


class Heart(models.Model):
    """A reader's heart on an essay: one per person per essay, undoable."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="hearts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hearts"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["essay", "person"], name="heart_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ♥ {self.essay_id}"


class SimilarEssay(models.Model):
    """Text similarity (TF-IDF cosine) between published essays, computed by a task."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="similar")
    other = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["essay", "other"], name="similar_once"),
        ]

    def __str__(self) -> str:
        return f"{self.essay_id} ~ {self.other_id}: {self.score:.3f}"


class Rendition(models.Model):
    """A resized copy of an image for srcset (publishing.images makes them)."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.ImageField(upload_to=rendition_path, db_index=True)

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "width"], name="rendition_once"),
        ]

    def __str__(self) -> str:
        return f"{self.image_id} @ {self.width}w"
