from __future__ import annotations

from django.db import models


class DoneOnce(models.Model):
    """A side effect that has happened (an email sent), keyed so a retried task skips it.

    Tasks are retried when a worker dies mid-run (ops.sweep); the key makes the retry safe.
    The key is written after the effect, so a crash between the two repeats the effect once
    (at least once) rather than losing it (at most once): a duplicate email beats a lost one.
    """

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key
