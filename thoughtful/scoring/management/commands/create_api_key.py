from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thoughtful.scoring.keys import create_api_key


class Command(BaseCommand):
    help = "Create an API key for the scoring endpoints; prints the key as the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="who or what will use the key")
        parser.add_argument("--rate-limit", type=int, default=60, help="requests per minute")

    def handle(self, *args: Any, **options: Any) -> None:
        key, raw = create_api_key(name=options["name"], rate_limit_per_minute=options["rate_limit"])
        self.stderr.write(
            f"Created API key {key.name!r} (prefix {key.prefix}, {key.rate_limit_per_minute}/min). "
            "Store it now: only its hash is kept."
        )
        self.stdout.write(raw)
