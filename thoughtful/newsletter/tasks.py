"""The newsletter's background work: tasks take ids and call newsletter.actions."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from thoughtful.newsletter import actions
from thoughtful.newsletter.models import Subscriber


def batch_size() -> int:
    return int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100))


@task()
def send_opt_in(subscriber_id: int) -> bool:
    from thoughtful.newsletter.mail import send_opt_in as send

    subscriber = Subscriber.objects.filter(pk=subscriber_id, confirmed_at__isnull=True).first()
    if subscriber is None:
        return False
    send(subscriber)
    return True


@task()
def send_batch(edition_id: int) -> int:
    """One batch, then the next as a new task: a long send never holds one task for hours,
    and a worker restart loses at most the batch in hand (resume_sending requeues it)."""
    sent, more = actions.send_batch(edition_id=edition_id, size=batch_size())
    if more:
        send_batch.enqueue(edition_id)
    return sent


@task()
def resume_sending() -> int:
    """Periodic: editions still sending with deliveries waiting get a batch task again."""
    editions = actions.editions_to_resume()
    for edition_id in editions:
        send_batch.enqueue(edition_id)
    return len(editions)
