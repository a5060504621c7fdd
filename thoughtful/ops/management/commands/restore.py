"""`manage.py restore PATH`: put a backup back. Stop the web server and worker first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from thoughtful.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `manage.py backup`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        database = connection.settings_dict
        if not options["yes"]:
            answer = input(
                f"Replace everything in {database['NAME']} with {options['path']}? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing restored.")
        connection.close()
        try:
            restore(database, Path(options["path"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {database['NAME']} from {options['path']}")
