"""Redis refusing connections or hanging is slower, never an outage (issue 12)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from tests.factories import EssayFactory, UserFactory
from thoughtful.config import cache_config
from thoughtful.discussion.models import Comment
from thoughtful.ops.caching import ResilientRedisCache

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: connections refused


class HungRedis:
    """A TCP server that accepts connections and never answers (a hung Redis)."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(50)
        self.port = int(self.server.getsockname()[1])
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        for conn in self.accepted:
            conn.close()
        self.server.close()


@pytest.fixture
def hung_redis() -> Iterator[HungRedis]:
    server = HungRedis()
    yield server
    server.close()


def _redis_caches(port: int, timeout: float = 0.2) -> dict[str, Any]:
    return cache_config(
        f"redis://127.0.0.1:{port}/0", socket_timeout=timeout, connect_timeout=timeout
    )


def test_production_config_uses_the_resilient_backend_with_timeouts() -> None:
    config = cache_config("redis://127.0.0.1:6379/0")
    assert config["default"]["BACKEND"] == "thoughtful.ops.caching.ResilientRedisCache"
    assert config["default"]["OPTIONS"]["socket_timeout"] > 0
    assert config["default"]["OPTIONS"]["socket_connect_timeout"] > 0
    assert config["fallback"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_refused_redis_falls_back_to_the_database_cache(settings: Any) -> None:
    settings.CACHES = _redis_caches(_closed_port())
    assert isinstance(caches["default"], ResilientRedisCache)
    cache.set("k", "v", 60)
    assert cache.get("k") == "v"  # answered by the fallback
    assert caches["default"].is_down
    assert caches["fallback"].get("k") == "v"  # shared by every process through the database
    assert cache.add("n", 1) is True and cache.incr("n") == 2


def test_site_keeps_serving_and_posting_with_redis_refusing(settings: Any) -> None:
    settings.CACHES = _redis_caches(_closed_port())
    essay = EssayFactory(title="Still here")
    client = Client()
    assert client.get("/").status_code == 200
    assert client.get(essay.get_absolute_url()).status_code == 200
    assert client.get(reverse("people:sign-in")).status_code == 200
    person = UserFactory(username="nia")
    person.set_password("a long enough password")
    person.save()
    signed_in = client.post(
        reverse("people:sign-in"), {"username": "nia", "password": "a long enough password"}
    )
    assert signed_in.status_code == 302
    posted = client.post(
        reverse("web:post-comment", args=[essay.slug]), {"body": "Written while Redis was down."}
    )
    assert posted.status_code == 302
    assert Comment.objects.filter(body="Written while Redis was down.").exists()


def test_rate_limits_still_hold_with_redis_refusing(settings: Any) -> None:
    """The fallback is shared (the database), so limits keep refusing — clearly, not with a 500."""
    settings.CACHES = _redis_caches(_closed_port())
    essay = EssayFactory()
    client = Client()
    client.force_login(UserFactory())
    codes = [
        client.post(
            reverse("web:post-comment", args=[essay.slug]), {"body": f"Comment number {i}."}
        ).status_code
        for i in range(8)
    ]
    assert 500 not in codes
    assert codes[0] == 302
    assert 429 in codes  # the rate check refused the burst
    assert Comment.objects.filter(essay=essay).count() < 8


def test_hung_redis_costs_one_timeout_then_the_breaker_opens(
    settings: Any, hung_redis: HungRedis
) -> None:
    settings.CACHES = _redis_caches(hung_redis.port)
    cache.set("k", "v", 60)  # times out once, trips the breaker, lands in the fallback
    connections_after_trip = len(hung_redis.accepted)
    assert connections_after_trip >= 1
    for i in range(50):
        cache.set(f"k{i}", i, 60)
        assert cache.get(f"k{i}") == i
    # While the breaker is open no operation goes near the hung server.
    assert len(hung_redis.accepted) == connections_after_trip
    assert caches["default"].is_down
