"""Background work for webhooks; tasks take ids and call actions."""

from __future__ import annotations

from django.tasks import task


@task()
def emit_record(source: str, pk: int) -> list[int]:
    """Build the event for an audit row (sources.SOURCES) and fan it out to its endpoints."""
    from thoughtful.webhooks import sources

    return sources.emit_record(source, pk)


@task()
def deliver(delivery_id: int) -> bool:
    """Send one delivery if it is due (a duplicate task finds it claimed and does nothing)."""
    from thoughtful.webhooks import actions

    return actions.attempt(delivery_id=delivery_id) is not None


@task()
def deliver_due() -> list[int]:
    from thoughtful.webhooks import actions

    return actions.deliver_due()
