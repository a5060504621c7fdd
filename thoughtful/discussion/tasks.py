"""Background work for the discussion; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.discussion import actions, events, notifications


@task()
def notify_reply(comment_id: int) -> bool:
    """Kept for rows queued before comment_posted_effects replaced it (the reply email now
    runs as a comment-posted listener)."""
    return notifications.send_reply_notification(comment_id)


@task()
def send_daily_digests() -> int:
    return notifications.send_daily_digests()


@task()
def abandon_stale_nudges() -> int:
    return actions.abandon_stale_nudges()


@task()
def rescore_comment(comment_id: int) -> str:
    return actions.rescore_comment(comment_id=comment_id)


@task()
def comment_posted_effects(comment_id: int) -> None:
    """Every listener of a newly visible comment (reply email, standing, the shield...). Each
    is safe to run twice: a worker killed mid-task has it run again (ops.sweep)."""
    events.comment_posted(comment_id=comment_id)
