"""Score texts with a baseline model; runs inside var/bench-venv (see bench/setup_baselines.sh).

stdin: {"model": "alt-profanity-check" | "hatesonar", "texts": [...], "timing": bool}
stdout: {"scores": [...], "available": bool, "error": str?, "batch_per_s", "p50_ms", "p99_ms"}

Scores are the baselines' own "flag this" probabilities: alt-profanity-check's predict_prob;
HateSonar's 1 - P(neither) (hate speech or offensive language; its hate-only share is
returned as "hate_scores").
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np


def load(model: str):  # type: ignore[no-untyped-def]
    if model == "alt-profanity-check":
        from profanity_check import predict_prob

        return lambda texts: ([float(x) for x in predict_prob(list(texts))], None)
    if model == "hatesonar":
        from hatesonar import Sonar

        sess = Sonar().sess

        def score(texts):  # type: ignore[no-untyped-def]
            _, probs = sess.run(None, {"text": np.array(list(texts), dtype=object)})
            probs = np.asarray(
                [[row[k] for k in range(3)] for row in probs] if isinstance(probs, list) else probs,
                dtype=float,
            )
            return [float(1 - p[2]) for p in probs], [float(p[0]) for p in probs]

        return score
    raise SystemExit(f"unknown model {model}")


def main() -> None:
    req = json.load(sys.stdin)
    try:
        fn = load(req["model"])
    except Exception as exc:  # report, don't crash: the bench prints "unavailable"
        json.dump({"available": False, "error": f"{type(exc).__name__}: {exc}"}, sys.stdout)
        return
    texts = req["texts"]
    scores, hate = fn(texts)
    out = {"available": True, "scores": scores, "hate_scores": hate}
    if req.get("timing"):
        corpus = req["timing_texts"]
        fn(corpus[:100])  # warm up
        t = time.perf_counter()
        for i in range(0, len(corpus), 1000):
            fn(corpus[i : i + 1000])
        out["batch_per_s"] = len(corpus) / (time.perf_counter() - t)
        lat = []
        for text in corpus[: req.get("single", 1000)]:
            t = time.perf_counter()
            fn([text])
            lat.append((time.perf_counter() - t) * 1000)
        out["p50_ms"] = float(np.percentile(lat, 50))
        out["p99_ms"] = float(np.percentile(lat, 99))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
