"""Near-duplicate texts across accounts (issue 9): MinHash over character 5-shingles of the
normalised words.

64 hash functions of the form (a·h + b) mod p over a stable 64-bit hash of each shingle; the
share of equal minima estimates the Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata

_PRIME = (1 << 61) - 1
_N = 64
# Not for security: fixed parameters, so signatures compare across processes and releases.
_rng = random.Random(9)  # noqa: S311 -- fixed: signatures must compare across processes and releases
_PARAMS = [(_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(_N)]
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def signature(text: str, *, min_words: int = 8) -> list[int]:
    """The MinHash signature, or [] for a text too short to judge."""
    tokens = words(text)
    if len(tokens) < min_words:
        return []
    joined = " ".join(tokens)
    shingles = {joined[i : i + 5] for i in range(max(1, len(joined) - 4))}
    hashes = [
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in shingles
    ]
    return [min((a * h + b) % _PRIME for h in hashes) for a, b in _PARAMS]


def similarity(x: list[int], y: list[int]) -> float:
    if not x or not y or len(x) != len(y):
        return 0.0
    return sum(1 for a, b in zip(x, y, strict=True) if a == b) / len(x)
