"""`manage.py backup [PATH]`: a consistent backup of the database while the site runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from thoughtful.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump) to PATH."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", help="default: var/backups/thoughtful-<time>.<ext>")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        database = connections[options["database"]].settings_dict
        ext = "sqlite3" if "sqlite" in database["ENGINE"] else "pgdump"
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(
            options["path"] or Path(settings.VAR_DIR) / "backups" / f"thoughtful-{stamp}.{ext}"
        )
        try:
            written = backup(database, path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes)")
