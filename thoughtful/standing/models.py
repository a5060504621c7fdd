from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Standing(models.Model):
    """A person's contribution score and its parts, recomputed by a task (standing.tasks).

    Stored rather than computed per request because comment sorts ("Top Contributors") and the
    home page order by it.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standing"
    )
    score = models.PositiveIntegerField(default=0, db_index=True)
    parts = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.person}: {self.score}"
