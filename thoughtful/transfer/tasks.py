"""Background work for transfers; tasks take ids and call services."""

from __future__ import annotations

from django.tasks import task

from thoughtful.transfer import claims


@task()
def send_claim_link(person_id: int, email: str) -> bool:
    return claims.send_link(person_id, email)
