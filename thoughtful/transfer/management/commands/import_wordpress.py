from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thoughtful.transfer import wordpress
from thoughtful.transfer.management.commands._common import run_import


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts as essays, with their approved comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the export (Tools → Export in WordPress)")
        parser.add_argument(
            "--media-dir",
            type=Path,
            default=None,
            help="a local copy of wp-content/uploads, where featured images are read from "
            "(nothing is downloaded; without it featured images are skipped)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        media_dir = options["media_dir"]
        run_import(self, lambda: wordpress.import_file(options["file"], media_dir=media_dir))
