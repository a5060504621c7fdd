from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:tag", kwargs={"slug": self.slug})


class Image(models.Model):
    """A picture with the alt text and credit line that must travel with it."""

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
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


class EssayQuerySet(models.QuerySet["Essay"]):
    def published(self) -> EssayQuerySet:
        return self.filter(status=Essay.Status.PUBLISHED, published_at__lte=timezone.now())


class Essay(models.Model):
    class Status(models.TextChoices):
        # The editorial workflow (issue 5) adds the steps between draft and published.
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
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

    objects = EssayQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="essay_status_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:essay", kwargs={"slug": self.slug})

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
