from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thoughtful.transfer import disqus
from thoughtful.transfer.management.commands._common import run_import


class Command(BaseCommand):
    help = "Import a Disqus export: comments onto the essays their threads link to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the export Disqus emails you (unzipped)")

    def handle(self, *args: Any, **options: Any) -> None:
        run_import(self, lambda: disqus.import_file(options["file"]))
