from __future__ import annotations

from django.tasks import task

from thoughtful.standing import actions


@task()
def refresh_standing(person_id: int) -> int:
    return actions.recompute(person_id=person_id).score


@task()
def refresh_all_standing() -> int:
    from thoughtful.people.models import User

    count = 0
    for person_id in User.objects.values_list("pk", flat=True).iterator():
        actions.recompute(person_id=person_id)
        count += 1
    return count
