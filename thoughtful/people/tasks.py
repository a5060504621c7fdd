"""Background work for people; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.people import notifications


@task()
def send_confirmation(person_id: int, next_url: str = "") -> bool:
    return notifications.send_confirmation(person_id, next_url)


@task()
def send_sign_up_attempt_notice(attempt_id: int) -> bool:
    return notifications.send_sign_up_attempt_notice(attempt_id)
