"""Background work for the shield; tasks take ids and call actions."""

from __future__ import annotations

from django.tasks import task

from thoughtful.shield import actions, notifications


@task()
def observe_comment(comment_id: int) -> bool:
    return actions.observe_comment(comment_id=comment_id) is not None


@task()
def calm_sweep() -> int:
    changed = actions.calm_sweep()
    actions.prune_signals()
    return changed


@task()
def email_alert(alert_id: int) -> int:
    return notifications.send_alert_email(alert_id)
