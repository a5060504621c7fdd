"""The XSS corpus and the ledger of where each payload went.

The payloads are PayloadsAllTheThings' own lists (tests/browser/data/xss, MIT): we never write
payloads ourselves, so the test can't be tuned to what the site already handles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "xss"
FILES = ("IntrudersXSS.txt", "xss_payloads_quick.txt")


def load_payloads() -> list[str]:
    """Every distinct non-empty line, in file order, without surrounding whitespace (every form
    strips it, so the stripped text is what a page can show)."""
    lines = (
        line.strip()
        for name in FILES
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
    )
    return list(dict.fromkeys(line for line in lines if line))


@dataclass(frozen=True)
class Packs:
    """Payload indexes grouped so each group, joined by `sep`, fits one field of `limit`."""

    groups: list[list[int]]
    too_long: list[int]  # longer than the field on their own: sent alone, to see them refused
    sep: str

    def text(self, payloads: Sequence[str], group: Sequence[int]) -> str:
        return self.sep.join(payloads[i] for i in group)


def pack(
    payloads: Sequence[str],
    *,
    limit: int,
    sep: str = " ",
    only: Iterable[int] | None = None,
) -> Packs:
    """Greedy, in corpus order: as many payloads per object as the field allows, so a page
    shows many of them at once (one object per payload would make the test minutes long)."""
    groups: list[list[int]] = []
    too_long: list[int] = []
    current: list[int] = []
    size = 0
    for i in range(len(payloads)) if only is None else only:
        length = len(payloads[i])
        if length > limit:
            too_long.append(i)
            continue
        if current and size + len(sep) + length > limit:
            groups.append(current)
            current, size = [], 0
        size += (len(sep) if current else 0) + length
        current.append(i)
    if current:
        groups.append(current)
    return Packs(groups=groups, too_long=too_long, sep=sep)


@dataclass
class Ledger:
    """Per field: which payloads a form accepted, which it refused (and how), and which a
    rendered page then showed."""

    payloads: list[str]
    accepted: dict[str, set[int]] = field(default_factory=dict)
    refused: dict[str, dict[int, str]] = field(default_factory=dict)
    shown: dict[str, set[int]] = field(default_factory=dict)

    def accept(self, name: str, indexes: Iterable[int]) -> None:
        self.accepted.setdefault(name, set()).update(indexes)

    def refuse(self, name: str, indexes: Iterable[int], why: str) -> None:
        bucket = self.refused.setdefault(name, {})
        for i in indexes:
            bucket[i] = why

    def record(self, name: str, ok: bool, indexes: Iterable[int], why: str = "") -> None:
        if ok:
            self.accept(name, indexes)
        else:
            self.refuse(name, indexes, why)

    def saw(self, name: str, texts: Iterable[str]) -> None:
        """Mark the accepted payloads of `name` found verbatim in a page's texts for that field
        (text content or attribute values: escaped output reads back as the exact input)."""
        haystack = "\x00".join(texts)
        if not haystack:
            return
        found = {i for i in self.accepted.get(name, ()) if self.payloads[i] in haystack}
        self.shown.setdefault(name, set()).update(found)

    def tried(self, name: str) -> int:
        return len(self.accepted.get(name, ())) + len(self.refused.get(name, {}))

    def distinct_shown(self) -> set[int]:
        return set().union(*self.shown.values()) if self.shown else set()

    def table(self) -> str:
        rows = [f"{'field':<16} {'tried':>5} {'accepted':>8} {'refused':>7} {'shown':>5}"]
        for name in sorted(set(self.accepted) | set(self.refused)):
            rows.append(
                f"{name:<16} {self.tried(name):>5} {len(self.accepted.get(name, ())):>8}"
                f" {len(self.refused.get(name, {})):>7} {len(self.shown.get(name, ())):>5}"
            )
        rows.append(
            f"distinct payloads shown on some page: {len(self.distinct_shown())}"
            f" of {len(self.payloads)}"
        )
        return "\n".join(rows)
