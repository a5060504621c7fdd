"""The posting pipeline: an ordered list of small checks, each answering pass, nudge, hold or
reject with a reason code. `run` combines their verdicts into one decision.
"""

from thoughtful.discussion.pipeline.base import Decision, Outcome, Submission, Verdict
from thoughtful.discussion.pipeline.runner import run

__all__ = ["Decision", "Outcome", "Submission", "Verdict", "run"]
