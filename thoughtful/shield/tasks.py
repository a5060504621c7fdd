"""Background work for the shield; tasks take ids and call actions."""

from __future__ import annotations

from django.tasks import task

from thoughtful.shield import actions, notifications


@task()
def calm_sweep() -> int:
    changed = actions.calm_sweep()
    actions.prune_signals()
    for essay_id in actions.essays_needing_author_digest():
        author_digest.enqueue(essay_id)
    return changed


@task()
def author_digest(essay_id: int) -> bool:
    return notifications.send_author_digest(essay_id)


@task()
def email_alert(alert_id: int) -> int:
    return notifications.send_alert_email(alert_id)
