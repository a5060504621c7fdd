"""A hung PostgreSQL port fails a connection within its connect_timeout (issue 12)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.postgresql.base import DatabaseWrapper

from thoughtful.config import database_config


@pytest.fixture
def hung_port() -> Iterator[int]:
    # Listening but never accepting: the TCP handshake completes in the kernel's backlog and
    # the client then waits forever for PostgreSQL's first byte.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    yield int(server.getsockname()[1])
    server.close()


def test_postgres_config_carries_a_connect_timeout(tmp_path: Path) -> None:
    config = database_config("postgres://u@127.0.0.1:5432/db", tmp_path, connect_timeout=7)
    assert config["OPTIONS"]["connect_timeout"] == 7


def test_a_hung_postgres_fails_instead_of_hanging(
    tmp_path: Path, hung_port: int, django_db_blocker: Any
) -> None:
    config = database_config(f"postgres://u@127.0.0.1:{hung_port}/db", tmp_path, connect_timeout=1)
    config.update({"TIME_ZONE": None, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False})
    wrapper = DatabaseWrapper({**config, "TEST": {}}, alias="hung")
    with django_db_blocker.unblock(), pytest.raises(OperationalError, match="timeout"):
        wrapper.ensure_connection()
