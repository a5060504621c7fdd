"""Background work for people; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.people import sign_in_links


@task()
def send_sign_in_link(user_id: int) -> bool:
    return sign_in_links.send_link(user_id)
