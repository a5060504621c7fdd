"""Test doubles with the scorer's interface (score(text) -> {attribute: probability})."""

from __future__ import annotations

import time


class FixedScorer:
    """Answers every text with the scores set on the class (tests set them)."""

    scores: dict[str, float] = {"toxicity": 0.01, "attack_on_author": 0.01}

    def score(self, text: str) -> dict[str, float]:
        return dict(self.scores)


class CrashingScorer:
    def score(self, text: str) -> dict[str, float]:
        raise RuntimeError("model file is corrupt")


class SlowScorer:
    def score(self, text: str) -> dict[str, float]:
        time.sleep(1.0)
        return {"toxicity": 0.0}


def fixed() -> FixedScorer:
    return FixedScorer()


def crashing() -> CrashingScorer:
    return CrashingScorer()


def slow() -> SlowScorer:
    return SlowScorer()
