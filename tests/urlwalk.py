"""Walk the URL resolver: every route the site answers, with its parameter names, so sweeps
(permissions, comment visibility) cover a route the day it is added instead of a list someone
keeps by hand."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# `<int:comment_id>` (Django) and `<comment_id>` (django-ninja's routes).
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    template: str  # the pattern as written, without the leading slash
    name: str  # namespaced, e.g. "web:comment-report"
    callback: Any

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(m.group(2) for m in _PARAM.finditer(self.template))

    @property
    def is_regex(self) -> bool:
        return self.template.startswith("^")

    def path(self, values: Mapping[str, object]) -> str:
        """A concrete URL: each parameter filled from `values` (KeyError names a missing one)."""
        return "/" + _PARAM.sub(lambda m: str(values[m.group(2)]), self.template)


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ns + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield Route(
                template=prefix + str(pattern.pattern),
                name=ns + (pattern.name or ""),
                callback=pattern.callback,
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
