"""The `uslug` URL converter: Django's `slug` is ASCII-only, and tag slugs keep letters of any
script (publishing.tags). Registered on import; the URL modules that use it import this."""

from __future__ import annotations

from django.urls import register_converter

from thoughtful.publishing.tags import SLUG_PATTERN


class UnicodeSlugConverter:
    regex = SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
