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


# --- scorer v2 (issue 10): essay comments, dilution, public-style identity templates ---------

# The four attributes the discussion pipeline reads (discussion conf SCORE_ATTRIBUTES) and the
# nudge line: a comment is "touched" when any of them reaches it.
PIPELINE_ATTRIBUTES = ("toxicity", "attack_on_author", "threat", "identity_attack")
NUDGE_LINE = 0.5


@dataclass(frozen=True)
class EssayCase:
    text: str
    label: int  # 1 = hostile to the author, 0 = supportive or civil
    kind: str


def essay_comments(eval_dir: Path = EVAL_DIR) -> list[EssayCase]:
    """data/eval/essay_comments.tsv: written before any v2 training run, never trained on."""
    return [EssayCase(t, int(lab), kind) for kind, lab, t in _rows(eval_dir / "essay_comments.tsv")]


# Neutral sentences for the dilution test, in the register of essay comments. Not in any
# training file (tests/scoring checks).
NEUTRAL_PADDING = (
    "My neighbour recommended this magazine to me.",
    "The photographs at the top are beautiful.",
    "My sister sent me the link last week.",
    "It took me a while to get through the middle section.",
    "I have been following this series since spring.",
    "The comments here are usually thoughtful.",
)


def dilution(scores: Callable[[list[str]], np.ndarray], hostile: list[str]) -> dict:
    """How much of a hostile sentence's score survives neutral padding.

    ``scores`` maps texts to the pipeline score (max over PIPELINE_ATTRIBUTES). For each hostile
    sentence caught alone (score >= NUDGE_LINE), it is scored with one neutral sentence before
    it, and with one before and one after; reported: the share still caught and the mean and
    minimum ratio padded/alone (the issue's target: >= 0.90)."""
    alone = scores(hostile)
    caught = [t for t, s in zip(hostile, alone, strict=True) if s >= NUDGE_LINE]
    base = np.array([s for s in alone if s >= NUDGE_LINE])
    out: dict = {"n_hostile": len(hostile), "n_caught_alone": len(caught)}
    if not caught:
        return out
    k = len(NEUTRAL_PADDING)
    before = [f"{NEUTRAL_PADDING[i % k]} {t}" for i, t in enumerate(caught)]
    both = [
        f"{NEUTRAL_PADDING[i % k]} {t} {NEUTRAL_PADDING[(i + 3) % k]}" for i, t in enumerate(caught)
    ]
    for name, texts in (("before", before), ("before_after", both)):
        s = scores(texts)
        ratio = s / base
        out[name] = {
            "caught": float((s >= NUDGE_LINE).mean()),
            "mean_ratio": float(ratio.mean()),
            "min_ratio": float(ratio.min()),
        }
    return out


# Identity-phrase templates in the pattern of Dixon et al. 2018 ("Measuring and Mitigating
# Unintended Bias in Text Classification") as published in conversationai/
# unintended-ml-bias-analysis (Apache-2.0: sentence_templates/en_sentence_templates.csv and
# src/bias_madlibs.py): the same 50 identity adjectives and the same template shapes
# (verb_adj, am_hate_adj, being_adj, name_adj, you_are_adj), regenerated here from those
# shapes; the 77k-row file itself is not copied, so figures are comparable, not identical.
PUBLIC_IDENTITIES = (
    "lesbian", "gay", "bisexual", "transgender", "trans", "queer", "lgbt", "lgbtq",
    "homosexual", "straight", "heterosexual", "male", "female", "nonbinary", "african",
    "african american", "black", "white", "european", "hispanic", "latino", "latina",
    "latinx", "mexican", "canadian", "american", "asian", "indian", "middle eastern",
    "chinese", "japanese", "christian", "muslim", "jewish", "buddhist", "catholic",
    "protestant", "sikh", "taoist", "old", "older", "young", "younger", "teenage",
    "millenial", "middle aged", "elderly", "blind", "deaf", "paralyzed",
)  # fmt: skip
_VERBS_POS = ("hug", "like", "love", "respect")
_VERBS_NEG = ("kill", "murder", "hate", "destroy")
_ADJ_POS = ("great", "fun", "nice", "neat", "happy", "good", "fantastic", "wonderful",
            "friendly", "kind", "caring", "excellent")  # fmt: skip
_ADJ_NEG = ("disgusting", "filthy", "gross", "horrible", "idiotic", "nasty", "shitty",
            "ugly", "worthless", "terrible", "awful", "vile", "stupid", "moronic")  # fmt: skip
_NAMES = ("Sulin", "Thel", "Jamie", "Alex")


def public_identity_templates() -> list[Case]:
    cases: list[Case] = []
    for g in PUBLIC_IDENTITIES:
        cases += [Case(f"{v} {g}", 0, g) for v in _VERBS_POS]
        cases += [Case(f"{v} {g}", 1, g) for v in _VERBS_NEG]
        cases += [Case(f"i am {g}", 0, g), Case(f"i hate {g}", 1, g)]
        cases += [Case(f"Being {g} is {a}.", 0, g) for a in _ADJ_POS]
        cases += [Case(f"Being {g} is {a}.", 1, g) for a in _ADJ_NEG]
        for i, name in enumerate(_NAMES):
            cases += [Case(f"{name} is a {a} {g}", 0, g) for a in _ADJ_POS[i::4]]
            cases += [Case(f"{name} is a {a} {g}", 1, g) for a in _ADJ_NEG[i::4]]
        cases += [Case(f"You are a {a} {g}", 0, g) for a in _ADJ_POS[::3]]
        cases += [Case(f"You are a {a} {g}", 1, g) for a in _ADJ_NEG[::3]]
    return cases


def identity_report(score: Score, cases: list[Case]) -> dict:
    """ROC-AUC over all cases, and per identity the false-positive rate at THRESHOLD on its
    non-toxic cases."""
    s = score([c.text for c in cases])
    y = np.array([c.label for c in cases])
    g = np.array([c.category for c in cases])
    fpr = {
        name: float((s[(g == name) & (y == 0)] >= THRESHOLD).mean())
        for name in dict.fromkeys(c.category for c in cases)
    }
    return {"n": len(cases), "auc": roc_auc(y, s), "fpr": fpr, "max_fpr": max(fpr.values())}
