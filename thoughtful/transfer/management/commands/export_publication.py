from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thoughtful.transfer import export


class Command(BaseCommand):
    help = "Export essays, published comments and people (no secrets) as WXR or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["wxr", "json"], default="wxr")
        parser.add_argument(
            "--output", default="-", help="the file to write (default: standard output)"
        )
        parser.add_argument(
            "--include-emails",
            action="store_true",
            help="add people's email addresses (for moving house; they are personal data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        writer = export.write_wxr if options["format"] == "wxr" else export.write_json
        target = options["output"]
        emails = bool(options["include_emails"])
        if target == "-":
            counts = writer(sys.stdout, include_emails=emails)
        else:
            path = Path(target)
            partial = path.with_name(path.name + ".partial")
            try:
                with partial.open("w", encoding="utf-8") as out:
                    counts = writer(out, include_emails=emails)
                partial.replace(path)  # never a half-written file under the real name
            except OSError as exc:
                raise CommandError(f"can't write {target}: {exc.strerror or exc}") from exc
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stderr.write(f"exported {summary} as {options['format']} to {target}")
