"""Reading untrusted XML exports safely, one element at a time (issue 13).

defusedxml's iterparse with every DTD refused: a document type declaration is where entity
expansion ("billion laughs") and external entities (XXE: reading local files or URLs) live, and
no WordPress or Disqus export needs one. The file is streamed, so a large export never has to fit
in memory as a tree; callers clear each element once read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse


class ImportFileError(Exception):
    """The file can't be imported at all (missing, not XML, unsafe, not this kind of export).
    Raised before anything is written; the command exits with status 2."""


def local(tag: Any) -> str:
    """The tag's name without its namespace: "{http://wordpress.org/export/1.2/}post_id" ->
    "post_id" (WXR 1.0, 1.1 and 1.2 differ only in that namespace's version)."""
    return str(tag).rsplit("}", 1)[-1]


def namespace(tag: Any) -> str:
    text = str(tag)
    return text[1:].split("}", 1)[0] if text.startswith("{") else ""


def stream(path: Path, events: tuple[str, ...] = ("start", "end")) -> Iterator[tuple[str, Element]]:
    """(event, element) pairs; any problem with the file becomes an ImportFileError."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"{path}: can't open it ({exc.strerror or exc}).") from exc
    with handle:
        try:
            yield from iterparse(handle, events=events, forbid_dtd=True)
        except DefusedXmlException as exc:
            raise ImportFileError(
                f"{path}: refused: the file declares a DTD or entities ({type(exc).__name__}). "
                "Exports never need one, and it is how entity-expansion and external-entity "
                "attacks work."
            ) from exc
        except ParseError as exc:
            line, column = getattr(exc, "position", (0, 0))
            raise ImportFileError(
                f"{path}: not well-formed XML (line {line}, column {column}): {exc.msg}"
            ) from exc


def text_of(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""
