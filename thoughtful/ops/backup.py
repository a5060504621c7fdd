"""Backups the site can take while it runs, and their restore (issue 12).

- SQLite: SQLite's online backup API copies a consistent snapshot while the web server and the
  worker keep writing (a plain file copy of a WAL database can be torn).
- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, compressed) and `pg_restore
  --clean`; both come with Debian's postgresql-client.

Media files (images) live under MEDIA_ROOT: back that folder up with any file tool.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


class BackupError(RuntimeError):
    pass


def backup(database: dict[str, Any], target: Path) -> Path:
    """Write a backup of `database` (a DATABASES entry) to `target`; return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = database["ENGINE"]
    if engine == SQLITE:
        _sqlite_copy(Path(database["NAME"]), target)
    elif engine == POSTGRES:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], database)
    else:
        raise BackupError(f"no backup method for {engine}")
    return target


def restore(database: dict[str, Any], source: Path) -> None:
    """Replace the contents of `database` with the backup at `source`."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    engine = database["ENGINE"]
    if engine == SQLITE:
        _check_sqlite(source)
        _sqlite_copy(source, Path(database["NAME"]))
    elif engine == POSTGRES:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(source),
            ],
            database,
        )
    else:
        raise BackupError(f"no restore method for {engine}")


def _sqlite_copy(source: Path, target: Path) -> None:
    if str(source) in ("", ":memory:") or not source.exists():
        raise BackupError(f"no SQLite database at {source}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        # Page by page, so writers elsewhere wait only for one step at a time.
        src.backup(dst, pages=1024)
    finally:
        dst.close()
        src.close()


def _check_sqlite(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            ok = db.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from None
    if not ok or ok[0] != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {ok}")


def _run(argv: list[str], database: dict[str, Any]) -> None:
    tool = shutil.which(argv[0])
    if tool is None:
        raise BackupError(f"{argv[0]} is not installed (Debian: apt install postgresql-client)")
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    connection = [
        f"--host={database.get('HOST') or 'localhost'}",
        f"--port={database.get('PORT') or 5432}",
        f"--username={database.get('USER') or 'postgres'}",
        f"--dbname={database['NAME']}",
    ]
    done = subprocess.run(  # noqa: S603  (a fixed tool and arguments, no shell)
        [tool, *argv[1:], *connection], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[-2000:]}")
