"""Background work for people; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.people import notifications, sign_in_links


@task()
def send_sign_in_link(user_id: int) -> bool:
    return sign_in_links.send_link(user_id)


@task()
def send_confirmation(person_id: int, next_url: str = "") -> bool:
    return notifications.send_confirmation(person_id, next_url)


@task()
def send_sign_up_attempt_notice(attempt_id: int) -> bool:
    return notifications.send_sign_up_attempt_notice(attempt_id)


@task()
def send_address_confirmation(person_id: int) -> bool:
    return notifications.send_address_confirmation(person_id)


@task()
def send_email_change_notice(person_id: int, new_address: str) -> bool:
    return notifications.send_email_change_notice(person_id, new_address)


@task()
def send_address_in_use_notice(address: str) -> bool:
    return notifications.send_address_in_use_notice(address)
