from __future__ import annotations

from thoughtful.discussion.pipeline.base import Decision, Outcome, Submission, Verdict
from thoughtful.discussion.pipeline.checks import CHECKS


def run(submission: Submission, *, only: tuple[str, ...] | None = None) -> Decision:
    """Run the configured checks in order and combine them.

    A rejection stops the run at once (no point scoring a comment that is refused anyway, and
    a rate-limited flood must stay cheap). Otherwise every check runs, so moderators see all the
    reasons, and the most severe verdict decides.
    """
    names = only if only is not None else submission.rules.pipeline
    verdicts: list[Verdict] = []
    scores: dict[str, float] = {}
    for name in names:
        check = CHECKS.get(name)
        if check is None:
            raise LookupError(f"Unknown posting-pipeline check {name!r} in DISCUSSION['PIPELINE']")
        verdict = check(submission)
        verdicts.append(verdict)
        if "scores" in verdict.detail:
            scores = dict(verdict.detail["scores"])
        if verdict.outcome == Outcome.REJECT:
            break
    outcome = max((v.outcome for v in verdicts), default=Outcome.PASS)
    return Decision(outcome=outcome, verdicts=tuple(verdicts), scores=scores)
