"""Background work for the discussion; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.discussion import actions, notifications


@task()
def notify_reply(comment_id: int) -> bool:
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
