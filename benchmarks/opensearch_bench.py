"""The OpenSearch backend beside the Whoosh one through the real CLI (issue 25, item 5):
`newsdex index` rates with and without entity extraction, with one and two writers, the
`newsdex export` rate, and the node's memory (its heap stated).

Two writers: for Whoosh `--jobs 2` (one index folder: one writing run, two processes); for
OpenSearch two `newsdex index` processes fed the odd and even stories at once, as two
machines would. Entity extraction is slow (about 35 articles/s on two cores), so those
runs index the first `--entities-limit` stories only.

    python benchmarks/opensearch_bench.py --json /tmp/os-bench.json
    python benchmarks/run.py opensearch        # the section of BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from engine_opensearch import node_memory  # noqa: E402
from opensearch_faults import NEWSDEX, split_corpus, write_corpus  # noqa: E402
from os_nodes import Cluster  # noqa: E402

ENTITIES_LIMIT = 2_000
ENV = {**os.environ, "PYTHONPATH": str(HERE.parent)}


def _index(sources: list[Path], target: str, entities: bool, jobs: int) -> dict:
    """One timed indexing run: a `newsdex index` process per source, all at once."""
    command = [str(NEWSDEX), "index", "--index", target, "--json", "--no-progress",
               "--jobs", str(jobs), "--wait", "300"] + ([] if entities else ["--no-entities"])
    started = time.monotonic()
    processes = [subprocess.Popen(["nice", "-n", "15", *command, str(s)], env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for s in sources]
    outs = [p.communicate() for p in processes]
    seconds = time.monotonic() - started
    reports = [json.loads(o[o.index("{"):]) if "{" in o else {"error": e[-300:]}
               for o, e in outs]
    read = sum(r.get("read", 0) for r in reports)
    return {"seconds": seconds, "read": read, "rate": read / seconds,
            "status": [p.returncode for p in processes], "reports": reports}


def _export(target: str, out: Path) -> dict:
    """`newsdex export` of every article (an empty query) as JSON lines, timed."""
    started = time.monotonic()
    done = subprocess.run(["nice", "-n", "15", str(NEWSDEX), "export", "--index", target,
                           "--format", "jsonl", "-o", str(out)], env=ENV,
                          capture_output=True, text=True)
    seconds = time.monotonic() - started
    rows = sum(1 for _ in out.open()) if out.exists() else 0
    return {"seconds": seconds, "rows": rows, "rate": rows / seconds,
            "status": done.returncode, "stderr": done.stderr[-300:]}


def run(work: Path | None = None, limit: int | None = None,
        entities_limit: int = ENTITIES_LIMIT, heap: str = "512m") -> dict:
    """Every run on both backends; returns the figures for `markdown`."""
    own = tempfile.TemporaryDirectory(prefix="newsdex-osbench-") if work is None else None
    work = Path(own.name) if own else Path(work)
    work.mkdir(parents=True, exist_ok=True)
    full, small = work / "reuters.jsonl", work / "reuters-entities.jsonl"
    figures: dict = {"records": write_corpus(full, limit), "heap": heap,
                     "entity_records": write_corpus(small, entities_limit),
                     "load_before": os.getloadavg(), "runs": {}}
    halves, small_halves = list(split_corpus(full)), list(split_corpus(small))
    cluster = Cluster(work / "node", nodes=1, heap=heap)
    try:
        url = cluster.start()[0]
        os.environ["NEWSDEX_BENCH_OPENSEARCH"] = url
        node = url.split("://", 1)[1]
        plan = [  # (row, backend, sources, entities, jobs)
            ("text only, 1 writer", "whoosh", [full], False, 1),
            ("text only, 1 writer", "opensearch", [full], False, 1),
            ("text only, 2 writers", "whoosh", [full], False, 2),
            ("text only, 2 writers", "opensearch", halves, False, 1),
            ("entities, 1 writer", "whoosh", [small], True, 1),
            ("entities, 1 writer", "opensearch", [small], True, 1),
            ("entities, 2 writers", "whoosh", [small], True, 2),
            ("entities, 2 writers", "opensearch", small_halves, True, 1),
        ]
        for number, (row, backend, sources, entities, jobs) in enumerate(plan):
            target = (str(work / f"whoosh-{number}") if backend == "whoosh"
                      else f"opensearch://{node}/bench-{number}")
            result = _index(sources, target, entities, jobs)
            if number < 2:  # the full text-only indexes: export them
                result["export"] = _export(target, work / f"export-{number}.jsonl")
            figures["runs"].setdefault(row, {})[backend] = result
            print(f"{row} {backend}: {result['rate']:.0f} articles/s", file=sys.stderr)
        figures["node_memory"] = node_memory()
        figures["load_after"] = os.getloadavg()
    finally:
        os.environ.pop("NEWSDEX_BENCH_OPENSEARCH", None)
        cluster.stop()
        if own:
            own.cleanup()
    return figures


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    runs = figures["runs"]
    lines = ["## OpenSearch backend beside Whoosh: indexing, export, node memory", "",
             f"Reuters-21578 through `newsdex index` ({figures['records']:,} stories; the "
             f"entity runs the first {figures['entity_records']:,}), one local OpenSearch "
             f"node with heap {figures['heap']}; load average "
             f"{figures['load_before'][0]:.2f} before, {figures['load_after'][0]:.2f} after "
             "(the machine is shared with other work today: rates are lower bounds).", "",
             "| run | Whoosh articles/s | OpenSearch articles/s | exit (W / OS) | "
             "OS bulk retries |",
             "|---|---:|---:|---|---:|"]
    for row, r in runs.items():
        w, o = r["whoosh"], r["opensearch"]
        retries = sum(int(rep.get("bulk_retries", 0)) for rep in o["reports"])
        lines.append(f"| {row} | {w['rate']:,.0f} | {o['rate']:,.0f} | "
                     f"{w['status']} / {o['status']} | {retries} |")
    lines += ["", "Two writers: Whoosh `--jobs 2` in one run; OpenSearch two `newsdex index` "
              "processes (odd and even stories) at once.", "",
              "| export (`newsdex export --format jsonl`, every article) | rows | seconds | "
              "rows/s |", "|---|---:|---:|---:|"]
    for backend in ("whoosh", "opensearch"):
        e = runs["text only, 1 writer"][backend]["export"]
        lines.append(f"| {backend} | {e['rows']:,} | {e['seconds']:.1f} | {e['rate']:,.0f} |")
    mem = figures["node_memory"]
    lines += ["", f"Node memory after the runs: heap {mem['heap_used_mb']:,.0f} of "
              f"{mem['heap_max_mb']:,.0f} MB used, {mem['rss_mb']:,.0f} MB resident."]
    return "\n".join(lines)


def main() -> None:
    """Command line: run everything and print the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path)
    parser.add_argument("--limit", type=int, help="index only this many stories")
    parser.add_argument("--entities-limit", type=int, default=ENTITIES_LIMIT)
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--json", type=Path)
    ns = parser.parse_args()
    figures = run(ns.work, ns.limit, ns.entities_limit, ns.heap)
    if ns.json:
        ns.json.write_text(json.dumps(figures, indent=1))
    print(markdown(figures))


if __name__ == "__main__":
    main()
