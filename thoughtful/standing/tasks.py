from __future__ import annotations

from django.tasks import task

from thoughtful.standing import actions


@task()
def refresh_standing(person_id: int) -> int:
    return actions.recompute(person_id=person_id).score


@task()
def refresh_all_standing() -> int:
    from thoughtful.people.models import User

    # The ids first, then one short write per person. Iterating a cursor while writing kept a
    # read snapshot open on SQLite; a comment posted meanwhile made that snapshot stale and the
    # next write failed at once with "database is locked" (issue 12).
    person_ids = list(User.objects.values_list("pk", flat=True))
    for person_id in person_ids:
        actions.recompute(person_id=person_id)
    return len(person_ids)
