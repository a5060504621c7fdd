"""Related reads by text similarity: TF-IDF over title + standfirst + body, cosine, numpy only.

scikit-learn stays a training-only dependency; this is the same maths in a few lines:
sublinear term frequency (1 + log tf), smoothed idf (log((1 + n) / (1 + df)) + 1), rows
L2-normalised, similarity = dot product. The title counts three times and the standfirst twice.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

_WORD = re.compile(r"[a-z][a-z']{2,}")
_STOP_TEXT = """
    the and for that with this was were are but not you your have has had his her him she they
    them their what when where who which would could should there then than from into out about
    over after before just like been being its it's i'm i've don't didn't can't our ours all any
    some one two also very more most much many such only own same too can will did does doing
    each few how other off once here why because while these those through during again further
"""
STOP = frozenset(_STOP_TEXT.split())


def tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP]


def document(title: str, standfirst: str, body: str) -> list[str]:
    return tokens(title) * 3 + tokens(standfirst) * 2 + tokens(body)


def similarity_matrix(docs: list[list[str]]) -> np.ndarray:
    """Cosine similarity between every pair of documents (n × n; diagonal zeroed)."""
    n = len(docs)
    if n == 0:
        return np.zeros((0, 0))
    vocab: dict[str, int] = {}
    counts = [Counter(doc) for doc in docs]
    for c in counts:
        for word in c:
            vocab.setdefault(word, len(vocab))
    matrix = np.zeros((n, len(vocab)))
    for i, c in enumerate(counts):
        for word, tf in c.items():
            matrix[i, vocab[word]] = 1 + math.log(tf)
    df = np.count_nonzero(matrix, axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1
    matrix /= norms
    sims = matrix @ matrix.T
    np.fill_diagonal(sims, 0)
    return sims
