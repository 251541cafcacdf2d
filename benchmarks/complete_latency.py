"""Completion latency (issue 28.4): the completion table's lookup, in process and as a cold
`newsdex complete` process, against the stored-record scan it replaced.

    python benchmarks/complete_latency.py INDEX_DIR

prints a Markdown section for BENCHMARKS.md (with the load average: the machine is shared).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PREFIXES = ("Куп", "Kup", "Сирськ", "Bla", "Lon", "Б", "g", "Gordon B", "Лон", "Mic")
RUNS = 7


def _ms(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(index_dir: str) -> None:
    from indexer.backends.whoosh import completion
    from search.backends.whoosh.engine import SearchEngine
    from search.request import SearchRequest

    load = os.getloadavg()
    table = [t for p in PREFIXES for t in _ms(lambda p=p: completion.lookup(index_dir, p), 20)]
    engine = SearchEngine(index_dir)
    scan = [t for p in PREFIXES[:3] for t in _ms(
        lambda p=p: [engine.facet_values(SearchRequest(), f, p, 10)
                     for f in completion.FACETS], 1)]
    engine.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", "from search.cli import main; main()", "complete", "Куп",
               "--index", index_dir]
    cli = _ms(lambda: subprocess.run(command, env=env, check=True, capture_output=True), RUNS)
    size = sum(f.stat().st_size for f in (Path(index_dir) / completion.DIR).iterdir())
    print("## Completion (issue 28.4)\n")
    print(f"Index {index_dir}; table {size / 1024:.0f} KB; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores, shared); "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n")
    print("| what | p50 ms | max ms | runs |\n|---|---:|---:|---:|")
    print(f"| table lookup, {len(PREFIXES)} prefixes, warm | {statistics.median(table):.2f} | "
          f"{max(table):.2f} | {len(table)} |")
    print(f"| facet-label scan (before), first 3 prefixes, first call includes opening | "
          f"{statistics.median(scan):.0f} | {max(scan):.0f} | {len(scan)} |")
    print(f"| `newsdex complete Куп`, a cold process | {statistics.median(cli):.0f} | "
          f"{max(cli):.0f} | {RUNS} |")


if __name__ == "__main__":
    main(sys.argv[1])
