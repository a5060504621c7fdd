"""Cursor pagination for lists that are not comment threads (essays, the workflow list).

Comment threads use discussion.selectors' own cursors (the pages' ones). These cursors have
the same form: URL-safe base64 of a JSON list of the last row's ordering values, read back
strictly, so a broken one is a 400 with code "bad_cursor", never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet

from thoughtful.api.errors import ApiError

MAX_LIMIT = 50
BROKEN = "That cursor is broken: pass the `next_cursor` of the previous page, or none."


def _encode(row: Model, fields: tuple[str, ...]) -> str:
    values = []
    for name in fields:
        value = getattr(row, name.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str, fields: tuple[str, ...]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode())
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise ApiError(400, "bad_cursor", BROKEN) from exc
    if not isinstance(values, list) or len(values) != len(fields):
        raise ApiError(400, "bad_cursor", BROKEN)
    decoded: list[Any] = []
    for name, value in zip(fields, values, strict=True):
        try:
            if name.lstrip("-").endswith("_at"):
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is None:
                    raise ValueError("naive")
                decoded.append(moment)
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**62:
                decoded.append(value)
            else:
                raise TypeError(name)
        except (TypeError, ValueError) as exc:
            raise ApiError(400, "bad_cursor", BROKEN) from exc
    return decoded


def _after(fields: tuple[str, ...], values: list[Any]) -> Q:
    condition = Q()
    for i, name in enumerate(fields):
        op = "lt" if name.startswith("-") else "gt"
        step = Q(**{f"{name.lstrip('-')}__{op}": values[i]})
        for prev, prev_value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{prev.lstrip("-"): prev_value})
        condition |= step
    return condition


def page[M: Model](
    rows: QuerySet[M], *, fields: tuple[str, ...], after: str | None, limit: int
) -> tuple[list[M], str | None]:
    """One page of `rows` in `fields` order (non-null fields, ending with a unique one)."""
    size = max(1, min(limit, MAX_LIMIT))
    ordered = rows.order_by(*fields)
    if after:
        ordered = ordered.filter(_after(fields, _decode(after, fields)))
    found = list(ordered[: size + 1])
    shown = found[:size]
    more = len(found) > size
    return shown, (_encode(shown[-1], fields) if more and shown else None)
