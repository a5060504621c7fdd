"""Our own evaluation sets (data/eval/) and the metrics reported on them. numpy only.

Used by the training report (thoughtful.scoring.train) and by the benchmark
(bench/bench_scorer.py), which scores the same sets with alt-profanity-check and HateSonar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

EVAL_DIR = Path(__file__).resolve().parent / "data" / "eval"
THRESHOLD = 0.5


@dataclass(frozen=True)
class Case:
    text: str
    label: int
    category: str  # functionality, identity term or "ood"


def _rows(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def expand(template: str, group: str) -> str:
    return template.replace("{Group}", group[:1].upper() + group[1:]).replace("{group}", group)


def identity_terms(eval_dir: Path = EVAL_DIR) -> list[str]:
    return [t.strip() for t in (eval_dir / "identity_terms.txt").read_text().splitlines() if t]


def out_of_domain(eval_dir: Path = EVAL_DIR) -> list[Case]:
    return [Case(text, int(label), "ood") for label, text in _rows(eval_dir / "out_of_domain.tsv")]


def functional(eval_dir: Path = EVAL_DIR) -> list[Case]:
    cases = [Case(t, int(lab), cat) for cat, lab, t in _rows(eval_dir / "functional.tsv")]
    for cat, lab, template in _rows(eval_dir / "functional_templates.tsv"):
        cases += [Case(expand(template, g), int(lab), cat) for g in identity_terms(eval_dir)]
    return cases


def functional_b(eval_dir: Path = EVAL_DIR) -> list[Case]:
    """The second functional suite: written later, by another hand, with group names inline
    (several absent from both identity lists) and more spelling variations. Its baseline was
    recorded before the training data was extended for the first suite's misses."""
    return [Case(t, int(lab), cat) for cat, lab, t in _rows(eval_dir / "functional_b.tsv")]


def all_cases(eval_dir: Path = EVAL_DIR) -> list[Case]:
    return (
        out_of_domain(eval_dir) + functional(eval_dir) + functional_b(eval_dir) + identity(eval_dir)
    )


def identity(eval_dir: Path = EVAL_DIR) -> list[Case]:
    return [
        Case(expand(template, g), int(label), g)
        for label, template in _rows(eval_dir / "identity_templates.tsv")
        for g in identity_terms(eval_dir)
    ]


def roc_auc(labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties counted half)."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), np.float64)
    sorted_s = s[order]
    # average ranks over ties
    _, first, counts = np.unique(sorted_s, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


Score = Callable[[list[str]], np.ndarray]


def _functional_metrics(score: Score, func: list[Case]) -> dict:
    s = score([c.text for c in func])
    y = np.array([c.label for c in func])
    correct = (s >= THRESHOLD) == y
    by_cat: dict[str, list[bool]] = defaultdict(list)
    for case, ok in zip(func, correct, strict=True):
        by_cat[case.category].append(bool(ok))
    return {
        "n": len(func),
        "auc": roc_auc(y, s),
        "hateful_accuracy": float(correct[y == 1].mean()),
        "non_hateful_accuracy": float(correct[y == 0].mean()),
        "categories": {k: (float(np.mean(v)), len(v)) for k, v in sorted(by_cat.items())},
    }


def evaluate(score: Score, eval_dir: Path = EVAL_DIR) -> dict:
    """Everything the reports print, for one scoring function (texts -> toxicity in [0, 1])."""
    result: dict = {}
    ood = out_of_domain(eval_dir)
    s = score([c.text for c in ood])
    y = np.array([c.label for c in ood])
    result["ood"] = {
        "n": len(ood),
        "auc": roc_auc(y, s),
        "accuracy": float(((s >= THRESHOLD) == y).mean()),
    }
    result["functional"] = _functional_metrics(score, functional(eval_dir))
    if (eval_dir / "functional_b.tsv").exists():
        result["functional_b"] = _functional_metrics(score, functional_b(eval_dir))
    ident = identity(eval_dir)
    s = score([c.text for c in ident])
    y = np.array([c.label for c in ident])
    groups = np.array([c.category for c in ident])
    benign_mean = float(s[y == 0].mean())
    per_group = {}
    for g in identity_terms(eval_dir):
        m = groups == g
        per_group[g] = {
            "benign_mean": float(s[m & (y == 0)].mean()),
            "gap": float(s[m & (y == 0)].mean()) - benign_mean,
            "subgroup_auc": roc_auc(y[m], s[m]),
        }
    result["identity"] = {
        "n": len(ident),
        "auc": roc_auc(y, s),
        "benign_mean": benign_mean,
        "max_abs_gap": max(abs(v["gap"]) for v in per_group.values()),
        "min_subgroup_auc": min(v["subgroup_auc"] for v in per_group.values()),
        "benign_false_positive_rate": float((s[y == 0] >= THRESHOLD).mean()),
        "groups": per_group,
    }
    return result


def summary_row(name: str, r: dict) -> str:
    f = r["functional"]
    i = r["identity"]
    return (
        f"| {name} | {r['ood']['auc']:.3f} | {r['ood']['accuracy']:.3f} | {f['auc']:.3f} | "
        f"{f['hateful_accuracy']:.3f} | {f['non_hateful_accuracy']:.3f} | {i['auc']:.3f} | "
        f"{i['max_abs_gap']:.3f} | {i['benign_false_positive_rate']:.3f} |"
    )


SUMMARY_HEADER = (
    "| model | OOD ROC-AUC | OOD acc@0.5 | functional ROC-AUC | functional acc hateful | "
    "functional acc non-hateful | identity ROC-AUC | identity max gap | identity benign FPR |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


SUMMARY_B_HEADER = (
    "| model | functional B ROC-AUC | functional B acc hateful | "
    "functional B acc non-hateful |\n|---|---|---|---|"
)


def summary_b_row(name: str, r: dict) -> str:
    f = r["functional_b"]
    return (
        f"| {name} | {f['auc']:.3f} | {f['hateful_accuracy']:.3f} | "
        f"{f['non_hateful_accuracy']:.3f} |"
    )


def category_table(results: dict[str, dict], key: str = "functional") -> str:
    names = list(results)
    cats = list(next(iter(results.values()))[key]["categories"])
    lines = [
        "| functionality | n | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for cat in cats:
        n = results[names[0]][key]["categories"][cat][1]
        accs = " | ".join(f"{results[m][key]['categories'][cat][0]:.2f}" for m in names)
        lines.append(f"| {cat} | {n} | {accs} |")
    return "\n".join(lines)
