from __future__ import annotations

from django.db import models


class PeriodicRun(models.Model):
    """When a registered job was last enqueued (one row per job name)."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (last {self.last_run_at})"
