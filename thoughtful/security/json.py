"""JSON from strangers: one parser for every endpoint that reads a JSON body (issue 14, item 8).

`json.loads` accepts documents our code then trips over, each a 500 before this module:

- nesting 100,000 deep (the C scanner recurses: RecursionError);
- a 5,000-digit number (Python refuses int() past 4,300 digits: ValueError) or 1e999 (inf);
- NaN and Infinity (not JSON at all, but Python reads them);
- a lone surrogate ("\\ud800"): valid JSON escape, yet no UTF-8 text holds it, so the first
  `.encode()` raises;
- a NUL ("\\u0000"): PostgreSQL refuses it in any text column.

`loads` refuses all of them with `MalformedJSON`, whose message is safe to send back. It imports
nothing from Django, so `scoring` (which stands alone) and the ninja API both use it.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Our deepest legitimate request (a Perspective body) nests 4 levels; 32 leaves room to grow.
MAX_DEPTH = 32
# A float's shortest round-trip form is under 25 characters; 100 is generous for any id or
# threshold, and far below Python's 4,300-digit limit on int().
MAX_NUMBER_CHARS = 100

# A JSON string (skipped, so brackets inside text don't count) or a bracket.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


class MalformedJSON(ValueError):
    """A body we won't parse; `str(exc)` says why in words fit for the sender."""


def _check_depth(text: str, max_depth: int) -> None:
    depth = 0
    for match in _TOKENS.finditer(text):
        symbol = match.group()
        if symbol in "[{":
            depth += 1
            if depth > max_depth:
                raise MalformedJSON(f"JSON nested too deep: more than {max_depth} levels.")
        elif symbol in "]}":
            depth -= 1


def _int(token: str) -> int:
    if len(token) > MAX_NUMBER_CHARS:
        raise MalformedJSON(f"A number in the JSON is longer than {MAX_NUMBER_CHARS} characters.")
    return int(token)


def _float(token: str) -> float:
    if len(token) > MAX_NUMBER_CHARS:
        raise MalformedJSON(f"A number in the JSON is longer than {MAX_NUMBER_CHARS} characters.")
    value = float(token)
    if not math.isfinite(value):
        raise MalformedJSON(f"A number in the JSON is out of range: {token}.")
    return value


def _constant(token: str) -> Any:
    raise MalformedJSON(f"{token} is not a JSON value (NaN and Infinity are not allowed).")


def _check_text(text: str) -> None:
    if _SURROGATE.search(text):
        raise MalformedJSON(
            "A string in the JSON holds a lone surrogate (\\ud800-\\udfff), which is not text."
        )
    if "\x00" in text:
        raise MalformedJSON("A string in the JSON holds a NUL character (\\u0000).")


def _check_strings(value: Any) -> None:
    # Iterative, though depth is already bounded: keys and values, every level.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                _check_text(key)
                pending.append(inner)
        elif isinstance(item, list):
            pending.extend(item)


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a JSON document from outside; raises MalformedJSON for anything listed above."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedJSON("The body is not UTF-8 text.") from None
    else:
        text = data
    _check_depth(text, max_depth)
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise MalformedJSON(
            f"Invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from None
    except RecursionError:  # only if max_depth is set above the interpreter's own limit
        raise MalformedJSON("JSON nested too deep.") from None
    _check_strings(value)
    return value
