"""The `thoughtful` console script: `thoughtful <command> [args]`.

Commands are looked up lazily so that `thoughtful score` never pays for importing Django.
"""

from __future__ import annotations

import importlib
import os
import sys

# command -> (module, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "score": ("thoughtful.scoring.cli", "main", "score comments for toxicity (one per line)"),
    "model": (
        "thoughtful.scoring.model_cli",
        "main",
        "adapt the scorer to this site's moderators (--status, --adapt, --rollback)",
    ),
    "manage": ("thoughtful.cli", "manage", "run a Django management command"),
    "replay": (
        "thoughtful.shield.replay",
        "main",
        "replay a pile-on scenario (JSONL) on the shield",
    ),
    "import": (
        "thoughtful.transfer.cli",
        "import_main",
        "import a WordPress or Disqus export (import wordpress|disqus FILE)",
    ),
    "export": (
        "thoughtful.transfer.cli",
        "export_main",
        "export the publication as WXR or JSON (--format, --output)",
    ),
}


def manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoughtful.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thoughtful manage", *argv])
    return 0


def _usage() -> str:
    lines = ["usage: thoughtful <command> [args...]", "", "commands:"]
    lines += [f"  {name:<8} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"thoughtful: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = COMMANDS[name]
    func = getattr(importlib.import_module(module_name), func_name)
    result = func(rest)
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())
