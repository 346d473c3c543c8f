"""Run every benchmark one after another (what `make bench` does) and say which ones failed.

Each benchmark is its own script with its own options (see docs/benchmarks.md); this runner
only gives them a sequence and a summary. The long ones (the 10-minute soak, a full retrain)
run only with `--long`. Benchmarks share the machine's cores, so never run two at once.

Run: `.venv/bin/python bench/run_all.py [--long] [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (name, arguments after the script, long?)
BENCHMARKS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("scoring_bench", (), False),
    ("load_bench", (), False),
    ("review_bench", (), False),
    ("compat_latency", (), False),
    ("web_pages_bench", (), False),
    ("fault_bench", ("--skip-soak",), False),
    ("fault_bench", (), True),
    ("retrain_bench", ("--site-labels", "10000"), True),
)


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks in order; return 1 if any of them failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="add the soak and the retrain benchmark")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks (script names)")
    args = parser.parse_args(argv)
    chosen = [(name, extra) for name, extra, long in BENCHMARKS
              if (args.long or not long) and (not args.only or name in args.only)]
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    failed = []
    for name, extra in chosen:
        command = [sys.executable, str(REPO / "bench" / f"{name}.py"), *extra]
        print(f"\n=== {' '.join([name, *extra])}", flush=True)
        start = time.monotonic()
        code = subprocess.call(command, cwd=REPO, env=env)
        print(f"=== {name}: exit {code} after {time.monotonic() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    print("\nall benchmarks passed" if not failed else f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
