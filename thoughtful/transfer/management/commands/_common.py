"""What the import commands share: errors that exit 2, and the printed report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError

from thoughtful.transfer.report import Report
from thoughtful.transfer.xmlsafe import ImportFileError


def run_import(command: Any, job: Callable[[], Report]) -> None:
    try:
        report = job()
    except ImportFileError as exc:
        # Nothing was written: the file is read whole before the first write.
        raise CommandError(f"{exc} Nothing was imported.", returncode=2) from exc
    for line in report.lines():
        command.stdout.write(line)
    if report.failures:
        raise CommandError(
            f"{report.failures} item(s) failed and were rolled back (see above).", returncode=1
        )
