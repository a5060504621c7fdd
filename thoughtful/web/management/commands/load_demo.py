from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thoughtful.web import demo


class Command(BaseCommand):
    help = "Load the demo publication (idempotent): essays, people in every role, comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow loading in production (demo accounts have a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Refusing to load demo accounts with a known password in production "
                "(DEPLOYMENT=production). Use --force if you really mean it."
            )
        report = demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo publication ready: {report.essays_created} essays and "
                f"{report.comments_created} comments added (existing ones kept)."
            )
        )
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        for label, username in report.accounts:
            self.stdout.write(f"  {label:<20} {username}")
