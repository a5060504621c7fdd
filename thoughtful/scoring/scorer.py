"""The toxicity scorer: text in, calibrated probabilities out. Pure numpy, no Django.

This is the public interface the rest of the project uses (the discussion pipeline, the shield,
the `thoughtful score` CLI, the HTTP endpoints)::

    from thoughtful.scoring.scorer import ATTRIBUTES, get_scorer
    get_scorer().score("Survivor here, thank you for naming this")
    # {"toxicity": 0.03, "insult": 0.02, ...}
    get_scorer().score_spans("Lovely essay. I know where you work.")
    # [{"begin": 0, "end": 13, "scores": {...}}, {"begin": 14, "end": 36, "scores": {...}}]

Sentence-aware: a comment of two or more sentences is scored as a whole *and* sentence by
sentence (``features.sentence_spans``), and each attribute's score is the larger of the whole's
and its worst sentence's, so neutral padding cannot dilute a hostile line. ``score_spans`` gives
the per-sentence scores (what Perspective calls ``spanScores``).

The shipped model lives in ``model/``: ``config.json`` (attribute names, feature settings,
version, training fingerprint) and ``model.npz`` (IDF, weights, biases, Platt calibration),
loaded with ``allow_pickle=False`` so a model file can never execute code. See MODEL_CARD.md.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from thoughtful.scoring import adapt
from thoughtful.scoring.features import (
    MAX_CHARS,
    MAX_SPANS,
    FeatureConfig,
    SparseRows,
    sentence_spans,
    transform,
)

ATTRIBUTES: tuple[str, ...] = (
    "toxicity",
    "insult",
    "threat",
    "identity_attack",
    "profanity",
    "attack_on_author",
    "attack_on_commenter",
)

MODEL_DIR = Path(__file__).resolve().parent / "model"
CONFIG_FILE = "config.json"
ARRAYS_FILE = "model.npz"


class ModelError(RuntimeError):
    """The model artefact is missing or inconsistent."""


class Scorer:
    """A linear model over hashed n-grams with one calibrated output per attribute."""

    def __init__(
        self,
        *,
        config: dict,
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        calib_a: np.ndarray,
        calib_b: np.ndarray,
    ) -> None:
        self.config = config
        self.version: str = str(config["version"])
        self.attributes: tuple[str, ...] = tuple(config["attributes"])
        self.features = FeatureConfig(**config["features"])
        # the sentence pass (v2 artefacts say so in config.json; 1.x artefacts score wholes)
        self.sentence_pass = bool(config.get("scoring", {}).get("sentences", False))
        n = self.features.n_features
        if idf.shape != (n,) or weights.shape != (n, len(self.attributes)):
            raise ModelError(
                f"model arrays do not match config: idf {idf.shape}, weights {weights.shape}, "
                f"expected ({n},) and ({n}, {len(self.attributes)})"
            )
        self.idf = idf.astype(np.float32)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float64)
        self.calib_a = calib_a.astype(np.float64)
        self.calib_b = calib_b.astype(np.float64)

    @classmethod
    def load(cls, model_dir: str | os.PathLike[str] = MODEL_DIR) -> Scorer:
        path = Path(model_dir)
        try:
            config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
            with np.load(path / ARRAYS_FILE, allow_pickle=False) as arrays:
                return cls(
                    config=config,
                    idf=arrays["idf"],
                    weights=arrays["weights"],
                    bias=arrays["bias"],
                    calib_a=arrays["calib_a"],
                    calib_b=arrays["calib_b"],
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load the scoring model from {path}: {exc}") from exc

    def logits(self, rows: SparseRows) -> np.ndarray:
        """Raw (uncalibrated) linear scores, shape (n_rows, n_attributes)."""
        contrib = self.weights[rows.indices] * rows.data[:, None]
        row_of = np.repeat(np.arange(rows.n_rows), np.diff(rows.indptr))
        out = np.empty((rows.n_rows, len(self.attributes)), np.float64)
        for j in range(len(self.attributes)):
            out[:, j] = np.bincount(row_of, weights=contrib[:, j], minlength=rows.n_rows)
        return out + self.bias

    def whole_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities of each text as one piece (no sentence pass)."""
        if not texts:
            return np.zeros((0, len(self.attributes)))
        z = self.logits(transform(texts, self.features, self.idf))
        return 1.0 / (1.0 + np.exp(-(self.calib_a * z + self.calib_b)))

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), n_attributes): per attribute, the
        larger of the whole text's score and its worst sentence's."""
        texts = list(texts)
        if not self.sentence_pass:
            return self.whole_probabilities(texts)
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            spans = sentence_spans(text)
            if len(spans) > 1:
                pieces += [text[a:b] for a, b in spans[:MAX_SPANS]]
                owner += [i] * min(len(spans), MAX_SPANS)
        probs = self.whole_probabilities(texts + pieces)
        out = probs[: len(texts)]
        if pieces:
            np.maximum.at(out, np.asarray(owner), probs[len(texts) :])
        return out

    def score_spans(self, text: str) -> list[dict]:
        """Per-sentence scores: ``[{"begin": int, "end": int, "scores": {attr: p}}]``, character
        offsets into ``text`` (end exclusive, Python string indices), in order; one span for a
        one-sentence text, none for a text without letters or digits. Comments longer than
        MAX_CHARS are covered up to there, and at most MAX_SPANS sentences are returned."""
        spans = sentence_spans(text)[:MAX_SPANS]
        if not spans:
            return []
        probs = self.whole_probabilities([text[a:b] for a, b in spans])
        return [
            {
                "begin": a,
                "end": b,
                "scores": {
                    name: round(float(p), 4) for name, p in zip(self.attributes, row, strict=True)
                },
            }
            for (a, b), row in zip(spans, probs, strict=True)
        ]

    def score_batch(self, texts: Sequence[str]) -> list[dict[str, float]]:
        probs = self.probabilities(texts)
        # The operator's site-specific layer, if one is active (issue 10; scoring/adapt.py).
        probs = adapt.adjust(self, texts, probs)
        return [
            {name: round(float(p), 4) for name, p in zip(self.attributes, row, strict=True)}
            for row in probs
        ]

    def score(self, text: str) -> dict[str, float]:
        return self.score_batch([text])[0]


_lock = threading.Lock()
_scorer: Scorer | None = None


def get_scorer() -> Scorer:
    """The process-wide scorer, loaded on first use (thread-safe, double-checked)."""
    global _scorer
    scorer = _scorer
    if scorer is None:
        with _lock:
            if _scorer is None:
                _scorer = Scorer.load(os.environ.get("THOUGHTFUL_SCORING_MODEL_DIR", MODEL_DIR))
            scorer = _scorer
    return scorer


__all__ = ["ATTRIBUTES", "MAX_CHARS", "ModelError", "Scorer", "get_scorer"]
