"""Sites that embed our comment threads, and the pages on them that have a thread (issue 13).

A thread under another site's page is an ordinary discussion on a hidden essay
(`Essay.external_url` set, left out of the magazine's lists): the whole posting pipeline, the
moderator desk, the shield and the visibility rule apply to it unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from thoughtful.embed.origins import parse_origin_list
from thoughtful.publishing.models import Essay


def validate_origin_list(value: str) -> None:
    try:
        origins = parse_origin_list(value)
    except ValueError as exc:
        raise ValidationError(
            f"Each line must be an origin such as https://example.org ({exc})."
        ) from None
    if not origins:
        raise ValidationError("List at least one origin, such as https://example.org.")


class EmbedSite(models.Model):
    """Another site allowed to put our comment threads under its pages."""

    name = models.CharField(max_length=120)
    # The public name the site's script tag carries (data-site="…"); not a secret.
    key = models.SlugField(max_length=60, unique=True)
    allowed_origins = models.TextField(
        validators=[validate_origin_list],
        help_text=(
            "One origin a line, e.g. https://blog.example.org (scheme, host and port only). "
            "Only pages on these origins may show or start a thread."
        ),
    )
    # Whose discussions these are: the hidden essays' author (the shield's author-wide
    # escalation and the desk name them).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="embed_sites",
        help_text="The person the threads belong to, as an essay's author.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Off: the embed answers 404 and no thread can start."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> list[str]:
        try:
            return parse_origin_list(self.allowed_origins)
        except ValueError:
            return []

    def allows(self, origin: str) -> bool:
        return origin in self.origins


class EmbeddedPage(models.Model):
    """A page on an embedding site with a thread: created on its first comment."""

    site = models.ForeignKey(EmbedSite, on_delete=models.PROTECT, related_name="pages")
    # Normalised (thoughtful/embed/origins.py): one page, one thread.
    url = models.URLField(max_length=1000)
    essay = models.OneToOneField(Essay, on_delete=models.PROTECT, related_name="embedded_page")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "url"], name="embedded_page_once"),
        ]

    def __str__(self) -> str:
        return self.url
