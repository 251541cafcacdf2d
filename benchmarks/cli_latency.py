"""Cold-start latency of the `newsdex` command: p50 of N fresh processes per command, wall
and CPU time, for one or two checkouts over the same index (issue 28.6).

    python benchmarks/cli_latency.py --index /tmp/bbc-index [--before ../wt/before] [--runs 7]

Each run is a new `python -c "from search.cli import main; main()" ...` process with the
checkout first on `sys.path`, so imports, analyzers and tables load as they do for a user.
The checkouts alternate run by run, so a busy minute falls on both. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
COMMANDS = [
    ("search blair", ["search", "blair"]),
    ("search --place Лондон", ["search", "--place", "Лондон"]),
    ("search --cross-lang kupiansk", ["search", "--cross-lang", "kupiansk"]),
    ("complete Куп", ["complete", "Куп"]),
    ("stats", ["stats"]),
]
TARGETS = {"search blair": 150, "search --place Лондон": 250}


def one_run(checkout: Path, index: str, args: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms of the child) of one fresh process."""
    # as a user runs it: compiled modules cached (the session's shell may turn that off)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from search.cli import main; main()", *args,
                    "--index", index], env=env, cwd=checkout, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, help="an index folder both can read")
    parser.add_argument("--before", type=Path, help="checkout of the old code")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sides = {"after": HERE} | ({"before": args.before.resolve()} if args.before else {})
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for name, command in COMMANDS:
        for side in sides.values():
            one_run(side, args.index, command)  # page cache warm, as a user's second call
        for _ in range(args.runs):
            for label, side in sides.items():
                figures.setdefault((name, label), []).append(
                    one_run(side, args.index, command))
    head = " | ".join(f"{label} p50 wall / CPU ms" for label in sides)
    print(f"| command | {head} | target |")
    print("|---|" + "---:|" * len(sides) + "---|")
    for name, _command in COMMANDS:
        cells = []
        for label in sides:
            runs = figures[name, label]
            cells.append(f"{statistics.median(w for w, _c in runs):.0f} / "
                         f"{statistics.median(c for _w, c in runs):.0f}")
        target = TARGETS.get(name)
        after = statistics.median(w for w, _c in figures[name, "after"])
        verdict = "met" if target and after <= target else "not met"
        mark = "" if target is None else f"<= {target} ms: {verdict}"
        print(f"| `{name}` | {' | '.join(cells)} | {mark} |")
    print(f"\n{args.runs} runs per command and checkout, load average "
          f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
