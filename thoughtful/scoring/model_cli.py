"""`thoughtful model`: the site-specific layer learnt from this site's moderators (issue 10).

    thoughtful model --status     the shipped model, each adapted version, which one is used
    thoughtful model --adapt      fit a new version on the labelled examples, check it against
                                  the shipped model on the evaluation suite, use it if it passes
    thoughtful model --rollback   go back to the previous version (or the shipped model)

Versions live in the operator's data directory (thoughtful.scoring.adapt.adapt_dir), never in
the repository. --status and --rollback need no database; --adapt reads the labelled examples.
Exit status: 0 when --adapt activated a new version (or --status/--rollback did their work),
1 when --adapt activated nothing (too few examples, or the check refused it: the output says
which) or there is nothing to roll back.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="thoughtful model",
        description="Adapt the toxicity scorer to this site's moderators, check it, roll back.",
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--status", action="store_true", help="list versions and the one in use")
    group.add_argument(
        "--adapt", action="store_true", help="fit, check and activate a new site layer"
    )
    group.add_argument(
        "--rollback",
        action="store_true",
        help="return to the previous version or the shipped model",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=None,
        help="how much worse than the shipped model a suite metric may be (default 0.005)",
    )
    args = parser.parse_args(argv)
    if args.status:
        return status(out=sys.stdout)
    if args.rollback:
        return rollback(out=sys.stdout, err=sys.stderr)
    return adapt_now(out=sys.stdout, tolerance=args.tolerance)


def status(*, out: TextIO) -> int:
    from thoughtful.scoring import adapt
    from thoughtful.scoring.scorer import get_scorer

    shipped = get_scorer().version
    rows = adapt.status(shipped)
    active = adapt.read_state()["active"]
    out.write(f"Versions in {adapt.adapt_dir()}\n")
    out.write(f"  shipped  model {shipped}{'  <- in use' if active is None else ''}\n")
    for row in rows:
        mark = "  <- in use" if row["active"] else ""
        state = "passed" if row["passed"] else "refused by the check"
        if row["stale"]:
            state += f", fitted over model {row['base_version']} (not applied)"
        examples = row["examples"]
        out.write(
            f"  {row['version']}    {row['created_at'][:19]}  {state}; "
            f"{', '.join(row['fitted']) or 'nothing fitted'}; "
            f"{examples.get('train', 0)} examples{mark}\n"
        )
    return 0


def rollback(*, out: TextIO, err: TextIO) -> int:
    from thoughtful.scoring import adapt

    try:
        previous = adapt.rollback()
    except adapt.AdaptError as exc:
        err.write(f"thoughtful model: {exc}\n")
        return 1
    out.write(f"Now using {previous or 'the shipped model alone'}.\n")
    return 0


def adapt_now(*, out: TextIO, tolerance: float | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoughtful.settings")
    import django

    django.setup()
    from thoughtful.scoring import adapt, labels

    version = labels.adapt_site_layer(
        out=out, tolerance=adapt.TOLERANCE if tolerance is None else tolerance
    )
    return 0 if version else 1
