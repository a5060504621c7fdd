"""Tag names and their slugs (issue 14, item 3).

Slugs used to be `slugify(name)`: ASCII only, so every tag in Cyrillic, Chinese, Greek or
Arabic, or made of punctuation or emoji, got the empty slug, they all collapsed into one tag,
and the empty slug broke every page that links it. Now a slug keeps letters and digits of any
script (`slugify(allow_unicode=True)`); a name with none gets a short hash of itself, so it
still has an address and the same name always gets the same one.
"""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

# The columns' sizes (Tag.name and Tag.slug are both 60 characters).
MAX_TAG_LENGTH = 60
MAX_SLUG_LENGTH = 60
MAX_TAGS = 10
# The `uslug` URL converter (publishing.converters) accepts exactly what slugify keeps.
SLUG_PATTERN = r"[-\w]+"


def name_hash(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def tag_slug(name: str) -> str:
    """The preferred slug for a tag name (see tag_slug_candidates for when it is taken)."""
    slug = slugify(name, allow_unicode=True)[:MAX_SLUG_LENGTH].strip("-_")
    return slug or f"tag-{name_hash(name)}"


def tag_slug_candidates(name: str) -> list[str]:
    """Slugs to try in order: names that slugify alike ("C++", "C#", "c") get the hash too."""
    base = tag_slug(name)
    with_hash = f"{base[: MAX_SLUG_LENGTH - 9]}-{name_hash(name)}"
    return [base] if base == f"tag-{name_hash(name)}" else [base, with_hash]


def normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def parse_tag_names(text: str) -> list[str]:
    """Comma-separated names, each once (case aside), within the limits; else ValidationError."""
    names: list[str] = []
    seen: set[str] = set()
    for raw in text.split(","):
        name = normalise_name(raw)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    check_tag_names(names)
    return names


def check_tag_names(names: list[str]) -> None:
    if len(names) > MAX_TAGS:
        raise ValidationError(f"At most {MAX_TAGS} tags per essay (this has {len(names)}).")
    for name in names:
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(
                f"A tag can be at most {MAX_TAG_LENGTH} characters; “{name[:20]}…” has {len(name)}."
            )
