from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from thoughtful.periodic.registry import jobs
from thoughtful.periodic.runner import run_due


class Command(BaseCommand):
    help = "Enqueue registered periodic jobs when they fall due (loops; --once for one pass)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=20.0, help="seconds between passes")

    def handle(
        self, *args: Any, once: bool = False, interval: float = 20.0, **options: Any
    ) -> None:
        names = ", ".join(j.name for j in jobs()) or "none"
        self.stdout.write(f"periodic jobs: {names}")
        while True:
            for name in run_due():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(interval)
