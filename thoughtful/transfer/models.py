"""What an import remembers: where each object came from (so a second run adds nothing), and
the people it made who have not claimed their history yet (issue 13)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SourceRef(models.Model):
    """One imported item: (source, site, kind, external id) -> the object it became.

    `site` tells two WordPress sites (or Disqus forums) apart, whose ids overlap. `url` keeps a
    post's old permalink, so Disqus threads that link to it find the essay.
    """

    class Source(models.TextChoices):
        WORDPRESS = "wordpress", "WordPress"
        DISQUS = "disqus", "Disqus"

    class Kind(models.TextChoices):
        ESSAY = "essay", "Essay"
        COMMENT = "comment", "Comment"
        PERSON = "person", "Person"
        IMAGE = "image", "Image"

    source = models.CharField(max_length=20, choices=Source.choices)
    site = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    external_id = models.CharField(max_length=300)
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=500, blank=True, db_index=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "site", "kind", "external_id"], name="source_ref_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="source_ref_object")]

    def __str__(self) -> str:
        return f"{self.source}:{self.kind}:{self.external_id} -> {self.object_id}"


class ImportedProfile(models.Model):
    """A person an import created: no usable password, signed in by nobody, until someone who
    proves they hold `email` claims it and its comments move to their account.

    The email is the one the old system recorded; it is never shown on a page.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_profile"
    )
    email = models.EmailField(blank=True, db_index=True)
    # What identified this person in the file when there was no email (source:name).
    key = models.CharField(max_length=300, unique=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_profiles",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        state = f"claimed by {self.claimed_by_id}" if self.claimed_at else "unclaimed"
        return f"{self.person} ({state})"
