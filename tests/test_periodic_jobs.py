"""Every app's periodic work is registered with the runner that `make run` starts."""

from __future__ import annotations

from thoughtful import periodic


def test_discussion_and_standing_jobs_are_registered() -> None:
    names = {job.name for job in periodic.jobs()}
    assert {
        "discussion.daily_digests",
        "discussion.abandon_stale_nudges",
        "standing.refresh_all",
        "publishing.publish_due",
    } <= names
