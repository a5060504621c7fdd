"""Background work for moderation; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.moderation import actions, notifications


@task()
def notify_sanction(sanction_id: int) -> bool:
    return notifications.send_sanction_notice(sanction_id)


@task()
def notify_appeal_decision(appeal_id: int) -> bool:
    return notifications.send_appeal_decision(appeal_id)


@task()
def expire_sanctions() -> int:
    return actions.expire_sanctions()
