"""`manage.py supervise [PROCFILE]`: run and restart the web server, task worker and periodic
runner (see thoughtful/ops/supervisor.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thoughtful.ops.supervisor import ProcfileError, Supervisor, load


class Command(BaseCommand):
    help = "Run the processes of a Procfile, restarting any that exits (Ctrl-C stops all)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "procfile", nargs="?", default=str(Path(settings.BASE_DIR) / "deploy" / "Procfile")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = load(Path(options["procfile"]))
        except ProcfileError as exc:
            raise CommandError(str(exc)) from None
        Supervisor(entries).run()
