"""`make bench`: run every bench/bench_*.py module's main() and print its tables.

`make bench ONLY=discussion` (or BENCH_ONLY=discussion) runs one of them.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    only = os.environ.get("BENCH_ONLY", "")
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    if only:
        names = [n for n in names if n == f"bench_{only}"]
        if not names:
            print(f"no benchmark named {only!r}", file=sys.stderr)
            return 2
    for name in names:
        print(f"\n## {name.removeprefix('bench_')}\n", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
