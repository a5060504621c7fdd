from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import EssayFactory
from thoughtful.publishing.models import DailyReads
from thoughtful.publishing.reads import VISITOR_COOKIE, record_read, total_reads

pytestmark = pytest.mark.django_db


def test_one_read_per_visitor_per_day() -> None:
    essay = EssayFactory()
    assert record_read(essay=essay, visitor="a") is True
    assert record_read(essay=essay, visitor="a") is False
    assert record_read(essay=essay, visitor="b") is True
    assert total_reads(essay) == 2
    assert DailyReads.objects.get(essay=essay).day == timezone.localdate()


def _beacon(client: Client, essay, **extra):  # type: ignore[no-untyped-def]
    # Reads are counted by the beacon a page sends after load (issue 12, web/visits.py).
    return client.post("/beacon/", {"essay": essay.slug}, **extra)


def test_repeat_views_do_not_write(django_assert_num_queries, client: Client) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory()
    assert _beacon(client, essay).status_code == 204
    assert VISITOR_COOKIE in client.cookies
    assert total_reads(essay) == 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        _beacon(client, essay)
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert total_reads(essay) == 1


def test_reads_on_other_days_are_kept_apart() -> None:
    essay = EssayFactory()
    DailyReads.objects.create(essay=essay, day=date.today() - timedelta(days=1), reads=7)
    record_read(essay=essay, visitor="z")
    assert total_reads(essay) == 8


def test_visitors_behind_a_trusted_proxy_are_told_apart(settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    """Without a cookie, a visitor is their address and browser: behind our proxy, the address
    is the forwarded one, not the proxy's (issue 14, item 5)."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    essay = EssayFactory()
    for visitor in ("192.0.2.1", "192.0.2.2"):
        _beacon(Client(), essay, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=visitor)
    assert total_reads(essay) == 2
