"""A site-specific layer over the shipped scorer, learnt from this site's moderators (issue 10).

Pure numpy, no Django (scoring stands alone). The shipped model stays as it is; on top of it,
`thoughtful model --adapt` fits, per attribute with enough labelled examples, a small logistic
correction::

    p'_a = sigmoid( sum_b coef[a, b] * logit(p_b)  +  bias[a]  +  words[h(text), a] )

over the shipped model's calibrated scores p_b (every attribute, so a site where "threat"
rejections also look like "insult" can say so) and a small hashed bag of the text's words and
word pairs (this site's own vocabulary: a local insult the public data never saw). It starts from
the identity (coef = I, bias = 0, words = 0) and is pulled back towards it by L2, so with few
examples it changes little. Attributes without enough examples pass through untouched.

Each fit is saved as a new version under the operator's data directory (never in the
repository): ``$THOUGHTFUL_SCORING_ADAPT_DIR``, else ``$THOUGHTFUL_VAR_DIR/scoring-adapt``, else
``<repo>/var/scoring-adapt``::

    versions/v0001/layer.json   what it is: base model version, attributes, examples, the gate
    versions/v0001/layer.npz    its arrays (loaded with allow_pickle=False)
    active.json                 {"active": "v0001", "history": [...]}: what the scorer uses

A version is activated only if it passes the gate (``gate``): on the project's evaluation suite
(thoughtful.scoring.evalsets) it must do no worse than the shipped model on any headline metric
(within ``tolerance``), and on the held-out fifth of the site's own examples its log loss must
be no worse either. ``rollback`` returns to the previously active version, or to the shipped
model. A layer fitted over another shipped model version is never applied (a new shipped model
needs a new fit).

The scorer calls ``adjust`` at the end of ``Scorer.score_batch``.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import json
import logging
import math
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

logger = logging.getLogger(__name__)

ENV_DIR = "THOUGHTFUL_SCORING_ADAPT_DIR"
HASH_BUCKETS = 1 << 16
MIN_EXAMPLES = 20  # labelled examples in all before anything is fitted
MIN_PER_CLASS = 5  # per attribute: positives and negatives each, in the training part
HOLDOUT_EVERY = 5  # one example in five (by a hash of its text) is held out for the gate
TOLERANCE = 0.01  # how much worse than the shipped model a suite metric may get
L2_COEF = 1.0
L2_WORDS = 0.002
STEPS = 400
RECHECK_SECONDS = 1.0  # how often a serving process looks for a newly activated version
EPS = 1e-4

# Headline metrics of evalsets.evaluate: section -> {metric: higher is better?}
SUITE_METRICS: dict[str, dict[str, bool]] = {
    "ood": {"auc": True, "accuracy": True},
    "functional": {"auc": True, "hateful_accuracy": True, "non_hateful_accuracy": True},
    "functional_b": {"auc": True, "hateful_accuracy": True, "non_hateful_accuracy": True},
    "identity": {
        "auc": True,
        "min_subgroup_auc": True,
        "max_abs_gap": False,
        "benign_false_positive_rate": False,
    },
}


_DEFAULT_METRICS = {
    "auc": True,
    "accuracy": True,
    "hateful_accuracy": True,
    "non_hateful_accuracy": True,
}


class AdaptError(RuntimeError):
    """Nothing to roll back to, an unreadable version, or a data directory we cannot write."""


class BaseScorer(Protocol):
    version: str
    attributes: tuple[str, ...]

    def score_batch(self, texts: Sequence[str]) -> list[dict[str, float]]: ...


def adapt_dir() -> Path:
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    var = os.environ.get("THOUGHTFUL_VAR_DIR")
    base = Path(var) if var else Path(__file__).resolve().parents[2] / "var"
    return base / "scoring-adapt"


# --- features and the layer -------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9']+")
# Function words carry no site vocabulary, but in a few dozen examples they can happen to split
# the classes ("the author is a ..."), and a weight on them would move every comment.
_STOP = """a an the and or but if of to in on at for with by from as is are was were be been am it
its this that these those i me my we our you your he him his she her they them their
what which who so not no do does did have has had will would can could should"""
STOP_WORDS = frozenset(_STOP.split())


def word_rows(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashed words and word pairs as COO (row, bucket, value); each row has unit L2 norm."""
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        words = _WORD.findall(text.lower())
        grams = {w for w in words if w not in STOP_WORDS} | {
            f"{a} {b}"
            for a, b in itertools.pairwise(words)
            if a not in STOP_WORDS or b not in STOP_WORDS
        }
        buckets = {zlib.crc32(g.encode()) % HASH_BUCKETS for g in grams}
        rows += [i] * len(buckets)
        cols += sorted(buckets)
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    counts = np.bincount(r, minlength=len(texts)) if len(r) else np.zeros(len(texts), np.int64)
    v = 1.0 / np.sqrt(np.maximum(counts[r], 1)) if len(r) else np.zeros(0)
    return r, c, v.astype(np.float64)


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, EPS, 1 - EPS)
    return np.log(q / (1 - q))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


@dataclass
class Layer:
    base_version: str
    attributes: tuple[str, ...]
    fitted: tuple[str, ...]
    coef: np.ndarray  # (n_attr, n_attr): output attribute a <- logit of input attribute b
    bias: np.ndarray  # (n_attr,)
    words: np.ndarray  # (HASH_BUCKETS, n_attr)
    version: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def identity(cls, base_version: str, attributes: Sequence[str]) -> Layer:
        k = len(attributes)
        return cls(
            base_version=base_version,
            attributes=tuple(attributes),
            fitted=(),
            coef=np.eye(k),
            bias=np.zeros(k),
            words=np.zeros((HASH_BUCKETS, k)),
        )

    def apply(self, probs: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The corrected probabilities; attributes without a fit are returned unchanged."""
        if not self.fitted or len(probs) == 0:
            return probs
        out = np.array(probs, dtype=np.float64, copy=True)
        cols = [self.attributes.index(a) for a in self.fitted]
        z = _logit(np.asarray(probs, dtype=np.float64)) @ self.coef[cols].T + self.bias[cols]
        r, c, v = word_rows(texts)
        for n, j in enumerate(cols):
            z[:, n] += np.bincount(r, weights=v * self.words[c, j], minlength=len(texts))
        out[:, cols] = _sigmoid(z)
        return out


# --- fitting ----------------------------------------------------------------------------------


def held_out(text: str) -> bool:
    norm = " ".join(text.lower().split())
    return zlib.crc32(norm.encode()) % HOLDOUT_EVERY == 0


def _fit_one(
    x: np.ndarray,
    words: tuple[np.ndarray, np.ndarray, np.ndarray],
    y: np.ndarray,
) -> tuple[float, np.ndarray]:
    """One attribute's correction z = a * x + words · h(text): class-balanced log loss + L2
    towards the identity (a = 1, words = 0), by accelerated gradient descent (deterministic).

    No intercept: it would move every comment, and a move of a hundredth flips the suite's cases
    that sit at the 0.5 line; the slope leaves p = 0.5 where it is. Plain gradient steps, not
    Adam: Adam moves every word with any gradient by the same step, so words that appear on
    both sides (and cancel) would still get weight.
    x: logits of the shipped model's score for this attribute, one per labelled row."""
    r, c, v = words
    n_rows = len(x)
    pos = y >= 0.5
    n_pos, n_neg = max(int(pos.sum()), 1), max(int((~pos).sum()), 1)
    w = np.where(pos, 0.5 / n_pos, 0.5 / n_neg)  # weights sum to 1
    # Step sizes from each block's curvature bound (rows have unit norm, sigmoid' <= 1/4).
    lr_a = 0.5 / (0.25 * float(w @ (x * x)) + L2_COEF)
    lr_w = 0.5 / (0.25 + L2_WORDS)
    a, wv = 1.0, np.zeros(HASH_BUCKETS)
    a_prev, wv_prev = a, wv.copy()
    for t in range(1, STEPS + 1):
        mom = (t - 1) / (t + 2)
        a_look = a + mom * (a - a_prev)
        wv_look = wv + mom * (wv - wv_prev)
        z = a_look * x + np.bincount(r, weights=v * wv_look[c], minlength=n_rows)
        g = (_sigmoid(z) - y) * w  # d loss / d z
        grad_a = float(g @ x) + L2_COEF * (a_look - 1.0)
        grad_w = np.bincount(c, weights=v * g[r], minlength=HASH_BUCKETS) + L2_WORDS * wv_look
        a_prev, wv_prev = a, wv
        a, wv = a_look - lr_a * grad_a, wv_look - lr_w * grad_w
    return a, wv


def fit(
    texts: Sequence[str],
    base_probs: np.ndarray,
    labels: np.ndarray,
    *,
    base_version: str,
    attributes: Sequence[str],
) -> Layer:
    """`labels` has shape (n, n_attr) with NaN where an example says nothing of an attribute."""
    layer = Layer.identity(base_version, attributes)
    fitted = []
    x_all = _logit(np.asarray(base_probs, dtype=np.float64))
    for j, name in enumerate(attributes):
        known = ~np.isnan(labels[:, j])
        y = labels[known, j]
        if (y >= 0.5).sum() < MIN_PER_CLASS or (y < 0.5).sum() < MIN_PER_CLASS:
            continue
        idx = np.flatnonzero(known)
        rows = word_rows([texts[int(i)] for i in idx])
        slope, wv = _fit_one(x_all[idx, j], rows, y)
        layer.coef[j, j], layer.words[:, j] = slope, wv
        fitted.append(name)
    layer.fitted = tuple(fitted)
    return layer


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    q = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))


# --- the gate ---------------------------------------------------------------------------------


def compare_suite(shipped: dict, adapted: dict, *, tolerance: float = TOLERANCE) -> list[str]:
    """Headline suite metrics where the adapted layer is worse than the shipped model."""
    worse = []
    for section in shipped:
        if not isinstance(shipped[section], dict) or not isinstance(adapted.get(section), dict):
            continue
        # A section added to the suite later is held to its ROC-AUC and accuracies too.
        metrics = SUITE_METRICS.get(section, _DEFAULT_METRICS)
        for metric, higher_is_better in metrics.items():
            a, b = shipped[section].get(metric), adapted[section].get(metric)
            if not isinstance(a, float | int) or not isinstance(b, float | int):
                continue
            if math.isnan(a) or math.isnan(b):
                continue
            drop = (a - b) if higher_is_better else (b - a)
            if drop > tolerance:
                worse.append(f"{section} {metric}: shipped {a:.3f}, adapted {b:.3f}")
    return worse


def _matrix(scores: list[dict[str, float]], attributes: Sequence[str]) -> np.ndarray:
    return np.array([[s.get(a, 0.0) for a in attributes] for s in scores], dtype=np.float64)


_bypass: contextvars.ContextVar[bool] = contextvars.ContextVar("adapt_bypass", default=False)


@contextlib.contextmanager
def shipped_only() -> Iterator[None]:
    """Within this block the scorer answers with the shipped model alone."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def base_scores(scorer: BaseScorer, texts: Sequence[str]) -> np.ndarray:
    with shipped_only():
        out: list[dict[str, float]] = []
        for start in range(0, len(texts), 512):
            out += scorer.score_batch(list(texts[start : start + 512]))
    return _matrix(out, scorer.attributes)


@dataclass
class Candidate:
    layer: Layer
    passed: bool
    report: dict[str, Any]


def gate(
    layer: Layer,
    scorer: BaseScorer,
    *,
    holdout: tuple[Sequence[str], np.ndarray, np.ndarray] | None,
    evaluate: Callable[[Callable[[list[str]], np.ndarray]], dict] | None = None,
    tolerance: float = TOLERANCE,
) -> tuple[bool, dict[str, Any]]:
    """Does the layer do no worse than the shipped model? (suite, then the site's hold-out)."""
    if evaluate is None:
        from thoughtful.scoring import evalsets

        evaluate = evalsets.evaluate
    tox = scorer.attributes.index("toxicity")
    cache: dict[tuple[str, ...], np.ndarray] = {}

    def base(texts: list[str]) -> np.ndarray:
        key = tuple(texts)
        if key not in cache:
            cache[key] = base_scores(scorer, texts)
        return cache[key]

    shipped = evaluate(lambda texts: base(texts)[:, tox])
    adapted = evaluate(lambda texts: layer.apply(base(texts), texts)[:, tox])
    worse = compare_suite(shipped, adapted, tolerance=tolerance)
    report: dict[str, Any] = {
        "tolerance": tolerance,
        "suite": {
            section: {
                m: [shipped[section][m], adapted[section][m]]
                for m in SUITE_METRICS.get(section, _DEFAULT_METRICS)
                if isinstance(shipped[section].get(m), float | int)
                and isinstance(adapted[section].get(m), float | int)
            }
            for section in shipped
            if isinstance(shipped[section], dict) and isinstance(adapted.get(section), dict)
        },
        "suite_worse": worse,
        "holdout": {},
    }
    holdout_worse = []
    if holdout is not None and len(holdout[0]):
        texts, probs, labels = holdout
        new = layer.apply(probs, texts)
        for name in layer.fitted:
            j = scorer.attributes.index(name)
            known = ~np.isnan(labels[:, j])
            if known.sum() == 0:
                continue
            before = log_loss(probs[known, j], labels[known, j])
            after = log_loss(new[known, j], labels[known, j])
            report["holdout"][name] = {"n": int(known.sum()), "shipped": before, "adapted": after}
            if after > before + 1e-9:
                holdout_worse.append(f"hold-out {name} log loss: {before:.3f} -> {after:.3f}")
    report["holdout_worse"] = holdout_worse
    return not worse and not holdout_worse, report


def build(
    examples: Sequence[tuple[str, dict[str, float]]],
    scorer: BaseScorer,
    *,
    evaluate: Callable[[Callable[[list[str]], np.ndarray]], dict] | None = None,
    tolerance: float = TOLERANCE,
) -> Candidate | None:
    """Fit on four fifths of the examples and gate it; None when there is too little to fit."""
    attrs = scorer.attributes
    usable = [(t, lab) for t, lab in examples if t.strip() and any(a in lab for a in attrs)]
    if len(usable) < MIN_EXAMPLES:
        return None
    texts = [t for t, _ in usable]
    labels = np.array([[float(lab[a]) if a in lab else np.nan for a in attrs] for _, lab in usable])
    probs = base_scores(scorer, texts)
    hold = np.array([held_out(t) for t in texts])
    train = np.flatnonzero(~hold)
    layer = fit(
        [texts[i] for i in train],
        probs[train],
        labels[train],
        base_version=scorer.version,
        attributes=attrs,
    )
    if not layer.fitted:
        return None
    test = np.flatnonzero(hold)
    passed, report = gate(
        layer,
        scorer,
        holdout=([texts[i] for i in test], probs[test], labels[test]),
        evaluate=evaluate,
        tolerance=tolerance,
    )
    report["examples"] = {"train": len(train), "holdout": len(test)}
    return Candidate(layer=layer, passed=passed, report=report)


# --- versions on disk -------------------------------------------------------------------------


def _state_path(root: Path) -> Path:
    return root / "active.json"


def read_state(root: Path | None = None) -> dict[str, Any]:
    path = _state_path(root or adapt_dir())
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"active": None, "history": []}
    return {"active": state.get("active"), "history": list(state.get("history", []))}


def _write_state(root: Path, state: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".active.{os.getpid()}.tmp"
    tmp.write_text(
        json.dumps({**state, "changed_at": datetime.now(UTC).isoformat()}, indent=2),
        encoding="utf-8",
    )
    os.replace(tmp, _state_path(root))  # atomic: a serving process never reads half a file
    reset_cache()


def versions(root: Path | None = None) -> list[str]:
    base = (root or adapt_dir()) / "versions"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if re.fullmatch(r"v\d{4,}", p.name))


def save(candidate: Candidate, root: Path | None = None) -> str:
    """Write a new version (passed or not, so a refused fit can be inspected)."""
    root = root or adapt_dir()
    existing = versions(root)
    number = int(existing[-1][1:]) + 1 if existing else 1
    name = f"v{number:04d}"
    folder = root / "versions" / name
    folder.mkdir(parents=True, exist_ok=False)
    layer = candidate.layer
    np.savez_compressed(folder / "layer.npz", coef=layer.coef, bias=layer.bias, words=layer.words)
    meta = {
        "version": name,
        "created_at": datetime.now(UTC).isoformat(),
        "base_version": layer.base_version,
        "attributes": list(layer.attributes),
        "fitted": list(layer.fitted),
        "hash_buckets": HASH_BUCKETS,
        "passed": candidate.passed,
        "gate": candidate.report,
    }
    (folder / "layer.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    layer.version, layer.meta = name, meta
    return name


def load(name: str, root: Path | None = None) -> Layer:
    folder = (root or adapt_dir()) / "versions" / name
    try:
        meta = json.loads((folder / "layer.json").read_text(encoding="utf-8"))
        with np.load(folder / "layer.npz", allow_pickle=False) as arrays:
            coef, bias, words = arrays["coef"], arrays["bias"], arrays["words"]
    except (OSError, KeyError, ValueError) as exc:
        raise AdaptError(f"cannot read adapted layer {name} in {folder}: {exc}") from exc
    k = len(meta["attributes"])
    if coef.shape != (k, k) or bias.shape != (k,) or words.shape != (HASH_BUCKETS, k):
        raise AdaptError(f"adapted layer {name}: arrays do not match its attributes")
    return Layer(
        base_version=str(meta["base_version"]),
        attributes=tuple(meta["attributes"]),
        fitted=tuple(meta["fitted"]),
        coef=coef,
        bias=bias,
        words=words,
        version=name,
        meta=meta,
    )


def activate(name: str, root: Path | None = None) -> None:
    root = root or adapt_dir()
    layer = load(name, root)
    if not layer.meta.get("passed"):
        raise AdaptError(f"{name} did not pass the check against the shipped model")
    state = read_state(root)
    history = [v for v in state["history"] if v != name] + [name]
    _write_state(root, {"active": name, "history": history})


def rollback(root: Path | None = None) -> str | None:
    """Return to the version active before the current one (None: the shipped model alone)."""
    root = root or adapt_dir()
    state = read_state(root)
    if state["active"] is None:
        raise AdaptError("the shipped model is already in use; nothing to roll back")
    history = [v for v in state["history"] if v != state["active"]]
    previous = history[-1] if history else None
    _write_state(root, {"active": previous, "history": history})
    return previous


def status(shipped_version: str, root: Path | None = None) -> list[dict[str, Any]]:
    root = root or adapt_dir()
    active = read_state(root)["active"]
    out = []
    for name in versions(root):
        try:
            meta = json.loads((root / "versions" / name / "layer.json").read_text("utf-8"))
        except (OSError, ValueError):
            meta = {}
        out.append(
            {
                "version": name,
                "active": name == active,
                "created_at": meta.get("created_at", "?"),
                "passed": bool(meta.get("passed")),
                "fitted": meta.get("fitted", []),
                "examples": meta.get("gate", {}).get("examples", {}),
                "base_version": meta.get("base_version", "?"),
                "stale": meta.get("base_version") != shipped_version,
            }
        )
    return out


# --- serving: the scorer's hook ---------------------------------------------------------------


class _Active:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked = -math.inf
        self.key: tuple[Any, ...] | None = None
        self.layer: Layer | None = None


_active = _Active()


def reset_cache() -> None:
    _active.checked = -math.inf


def active_layer() -> Layer | None:
    """The active version (re-read when active.json changes; looked at once a second)."""
    now = time.monotonic()
    if now - _active.checked < RECHECK_SECONDS:
        return _active.layer
    with _active.lock:
        root = adapt_dir()
        try:
            st = _state_path(root).stat()
            key: tuple[Any, ...] | None = (str(root), st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        if key != _active.key:
            layer = None
            name = read_state(root)["active"] if key else None
            if name:
                try:
                    layer = load(name, root)
                except AdaptError:
                    logger.exception("adapted scoring layer not used")
            _active.key, _active.layer = key, layer
        _active.checked = now
        return _active.layer


def adjust(scorer: BaseScorer, texts: Sequence[str], probs: np.ndarray) -> np.ndarray:
    """Called by Scorer.score_batch: the active site layer's correction, if there is one that
    was fitted over this very shipped model."""
    if _bypass.get():
        return probs
    layer = active_layer()
    if layer is None or layer.base_version != scorer.version:
        return probs
    if tuple(layer.attributes) != tuple(scorer.attributes):
        return probs
    return layer.apply(probs, texts)
