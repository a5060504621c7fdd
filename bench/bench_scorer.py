"""Scorer benchmark: speed and quality, ours vs alt-profanity-check and HateSonar, one run.

`make bench` imports this and calls main(). The baselines live in their own virtual
environment (var/bench-venv, made by bench/setup_baselines.sh on first use) and are called
through bench/baselines/run_baseline.py over JSON, so the project's environment never gets
their pinned dependencies. Speed is measured on the same machine in the same run, and reported
as a ratio (these machines are shared and noisy).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("THOUGHTFUL_BENCH_VENV", ROOT / "var" / "bench-venv"))
BASELINES = ("alt-profanity-check", "hatesonar")
N_BATCH = 20_000
N_SINGLE = 2_000


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _ensure_venv() -> str | None:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"(installing baselines into {VENV} ...)", file=sys.stderr)
        # fixed argv built from our own paths, no shell, no user input
        done = subprocess.run(
            ["/bin/sh", str(ROOT / "bench" / "setup_baselines.sh"), str(VENV)],
            capture_output=True,
            text=True,
            check=False,
        )
        if not python.exists():
            return f"setup failed: {done.stderr.strip()[-300:]}"
    return None


def _baseline(model: str, texts: list[str], timing_texts: list[str] | None) -> dict:
    req = {
        "model": model,
        "texts": texts,
        "timing": timing_texts is not None,
        "timing_texts": timing_texts or [],
        "single": N_SINGLE,
    }
    # fixed argv built from our own paths, no shell, no user input
    done = subprocess.run(
        [str(VENV / "bin" / "python"), str(ROOT / "bench" / "baselines" / "run_baseline.py")],
        input=json.dumps(req),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"available": False, "error": done.stderr.strip()[-300:]}
    return json.loads(done.stdout)


def _corpus(texts: list[str], n: int) -> list[str]:
    """n comments of realistic length, built by joining our evaluation sentences."""
    rng = np.random.default_rng(7)
    out = []
    for _ in range(n):
        k = int(rng.integers(1, 4))
        out.append(" ".join(texts[int(i)] for i in rng.integers(0, len(texts), k)))
    return out


def _time_ours(corpus: list[str]) -> dict:
    from thoughtful.scoring.scorer import Scorer, get_scorer

    t = time.perf_counter()
    Scorer.load()
    load_s = time.perf_counter() - t
    scorer = get_scorer()
    scorer.score_batch(corpus[:100])
    t = time.perf_counter()
    for i in range(0, len(corpus), 1000):
        scorer.score_batch(corpus[i : i + 1000])
    per_s = len(corpus) / (time.perf_counter() - t)
    lat = []
    for text in corpus[:N_SINGLE]:
        t = time.perf_counter()
        scorer.score(text)
        lat.append((time.perf_counter() - t) * 1000)
    return {
        "batch_per_s": per_s,
        "p50_ms": float(np.percentile(lat, 50)),
        "p99_ms": float(np.percentile(lat, 99)),
        "load_s": load_s,
    }


_MEMORY_PROBE = """
import resource, sys, time
t = time.perf_counter()
from thoughtful.scoring.scorer import get_scorer
s = get_scorer()
s.score_batch(["warm up. a second sentence!"] * 1000)
s.score("one more comment")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter() - t)
"""


def _memory_ours() -> tuple[float, float]:
    """Peak resident memory (MB) and wall time of a fresh process that imports the scorer,
    loads the model and scores a batch of 1,000 comments (what a serving worker holds)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    rss, wall = done.stdout.split()
    return float(rss), float(wall)


TARGETS = (
    "Targets (issue 10): single p99 <= 20 ms, batch >= 1,000 comments/s on this 2-core "
    "machine, load < 2 s, serving memory < 300 MB."
)


def main() -> None:
    from thoughtful.scoring import evalsets
    from thoughtful.scoring.scorer import MODEL_DIR, get_scorer

    cases = evalsets.all_cases()
    texts = sorted({c.text for c in cases})
    corpus = _corpus([c.text for c in evalsets.out_of_domain()], N_BATCH)

    ours_speed = _time_ours(corpus)
    rss_mb, cold_s = _memory_ours()
    scorer = get_scorer()
    ours_scores = dict(zip(texts, scorer.probabilities(texts)[:, 0], strict=True))
    results = {"thoughtful": evalsets.evaluate(lambda ts: np.array([ours_scores[t] for t in ts]))}
    speeds = {"thoughtful": ours_speed}
    problems = {}
    venv_error = _ensure_venv()
    for model in BASELINES:
        if venv_error:
            problems[model] = venv_error
            continue
        out = _baseline(model, texts, corpus if model == "alt-profanity-check" else None)
        if not out.get("available"):
            problems[model] = out.get("error", "unavailable")
            continue
        table = dict(zip(texts, out["scores"], strict=True))
        results[model] = evalsets.evaluate(lambda ts, t=table: np.array([t[x] for x in ts]))
        if "batch_per_s" in out:
            speeds[model] = out
        if out.get("hate_scores"):
            hate = dict(zip(texts, out["hate_scores"], strict=True))
            results[f"{model} (hate only)"] = evalsets.evaluate(
                lambda ts, t=hate: np.array([t[x] for x in ts])
            )

    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir()) / 1e6
    print(f"## Scorer ({scorer.version}) on {_machine()}\n")
    print(
        f"Artefact {size:.1f} MB, loads in {ours_speed['load_s'] * 1000:.0f} ms; a fresh "
        f"process importing, loading and scoring 1,000 comments peaks at {rss_mb:.0f} MB "
        f"resident ({cold_s:.2f} s).\n"
    )
    print(TARGETS + "\n")
    print(
        "### Speed (same run; comments of 1-3 sentences, mean "
        f"{np.mean([len(t) for t in corpus]):.0f} chars)\n"
    )
    print(
        "| model | batched comments/s | single p50 ms | single p99 ms | throughput vs "
        "alt-profanity-check |"
    )
    print("|---|---|---|---|---|")
    base = speeds.get("alt-profanity-check")
    for name, s in speeds.items():
        ratio = f"{s['batch_per_s'] / base['batch_per_s']:.2f}x" if base else "n/a"
        print(
            f"| {name} | {s['batch_per_s']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | "
            f"{ratio} |"
        )
    print("\n### Quality on our evaluation sets (toxicity; threshold 0.5)\n")
    print(evalsets.SUMMARY_HEADER)
    for name, r in results.items():
        print(evalsets.summary_row(name, r))
    print("\n### Functional tests, accuracy per functionality\n")
    print(evalsets.category_table(results))
    print("\n### Second functional suite (functional_b.tsv)\n")
    print(evalsets.SUMMARY_B_HEADER)
    for name, r in results.items():
        print(evalsets.summary_b_row(name, r))
    print()
    print(evalsets.category_table(results, "functional_b"))
    for model, err in problems.items():
        print(f"\n{model}: not run ({err})")
    print()


if __name__ == "__main__":
    main()
