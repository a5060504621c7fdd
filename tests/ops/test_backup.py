"""Backups taken while the site runs restore to the same data (issue 12)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import EssayFactory
from thoughtful.ops.backup import BackupError, backup, restore
from thoughtful.publishing.models import Essay

SQLITE = "django.db.backends.sqlite3"


def test_sqlite_backup_while_writing_restores_a_consistent_copy(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    db = sqlite3.connect(live)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE comment (id INTEGER PRIMARY KEY, body TEXT)")
    db.executemany("INSERT INTO comment (body) VALUES (?)", [(f"c{i}",) for i in range(2000)])
    db.commit()
    stop = threading.Event()

    def keep_writing() -> None:  # the site keeps taking comments during the backup
        writer = sqlite3.connect(live, timeout=10)
        while not stop.is_set():
            writer.execute("INSERT INTO comment (body) VALUES ('during')")
            writer.commit()
        writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        saved = backup({"ENGINE": SQLITE, "NAME": str(live)}, tmp_path / "b" / "x.sqlite3")
    finally:
        stop.set()
        thread.join()
    with sqlite3.connect(saved) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = copy.execute("SELECT count(*) FROM comment").fetchone()[0]
    assert kept >= 2000

    db.execute("DELETE FROM comment")
    db.commit()
    db.close()
    restore({"ENGINE": SQLITE, "NAME": str(live)}, saved)
    with sqlite3.connect(live) as back:
        assert back.execute("SELECT count(*) FROM comment").fetchone()[0] == kept


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    live = tmp_path / "live.sqlite3"
    sqlite3.connect(live).close()
    with pytest.raises(BackupError, match="not a SQLite database"):
        restore({"ENGINE": SQLITE, "NAME": str(live)}, junk)
    with pytest.raises(BackupError, match="no backup at"):
        restore({"ENGINE": SQLITE, "NAME": str(live)}, tmp_path / "missing")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_and_restore_through_the_commands(tmp_path: Path) -> None:
    kept = EssayFactory(title="Kept through a restore")
    target = tmp_path / "site.pgdump"
    call_command("backup", str(target))
    assert target.stat().st_size > 0
    Essay.objects.filter(pk=kept.pk).delete()
    EssayFactory(title="Written after the backup")
    connection.close()

    call_command("restore", str(target), "--yes")

    titles = set(Essay.objects.values_list("title", flat=True))
    assert "Kept through a restore" in titles
    assert "Written after the backup" not in titles
