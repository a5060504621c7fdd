"""`thoughtful import wordpress|disqus FILE` and `thoughtful export`: the console script's
front for the transfer app's management commands (issue 13)."""

from __future__ import annotations

import sys

from thoughtful.cli import manage

IMPORTERS = {"wordpress": "import_wordpress", "disqus": "import_disqus"}
USAGE = (
    "usage: thoughtful import wordpress FILE [--media-dir DIR]\n"
    "       thoughtful import disqus FILE"
)


def import_main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        return 0 if argv else 2
    if argv[0] not in IMPORTERS:
        print(f"thoughtful import: unknown source {argv[0]!r}\n{USAGE}", file=sys.stderr)
        return 2
    return manage([IMPORTERS[argv[0]], *argv[1:]])


def export_main(argv: list[str]) -> int:
    return manage(["export_publication", *argv])
