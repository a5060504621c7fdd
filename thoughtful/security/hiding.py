"""Hidden things answer as missing ones.

A thing the viewer may not see (a held comment, a draft's image) is answered exactly like an id
that was never used: 404, never 403. A 403 would confirm the id exists, and walking sequential
ids would then map what is being held back (issue 14).
"""

from __future__ import annotations

from django.http import Http404


class Hidden(Http404):
    """Raised by lookups and actions for what the viewer may not see; Django and django-ninja
    both answer Http404 with a 404, so a view needs no handler of its own."""

    def __init__(self, message: str = "Nothing here.") -> None:
        super().__init__(message)
