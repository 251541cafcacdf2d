"""BBC benchmark: indexing throughput (with and without entities) and faceted query latency.

Indexes the 2,225 BBC articles in ../shared/data/bbc into fresh temporary indexes, once
without and once with entity extraction, then runs a fixed query set with facets and the
date histogram, warm, and reports median and p95. Run: `python benchmarks/bbc.py`
(or `make bench`, which also writes BENCHMARKS.md).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.pipeline import index_paths  # noqa: E402
from search.backends.whoosh.engine import SearchEngine, SearchRequest  # noqa: E402

BBC = ROOT.parent / "shared" / "data" / "bbc"
QUERIES = [
    SearchRequest(query=""),
    SearchRequest(query="election"),
    SearchRequest(query="economy growth"),
    SearchRequest(query='"prime minister"'),
    SearchRequest(query="film OR music"),
    SearchRequest(query="mobile NOT phone"),
    SearchRequest(query="champion*"),
    SearchRequest(query="title:oil"),
    SearchRequest(query="", filters={"person": ["Tony Blair"]}),
    SearchRequest(query="tax", filters={"place": ["London"]}),
    SearchRequest(query="", filters={"org": ["Microsoft"]}),
    SearchRequest(query="market", filters={"place": ["US", "China"]}),
    SearchRequest(query="game", sort="newest"),
    SearchRequest(query="", facets=("person", "place", "org", "date", "source", "lang")),
]
REPEAT = 15
CORES = os.cpu_count() or 1
# (label, extract entities?, extraction processes): serial is the pipeline before issue 5's
# parallel extraction; "with entities" is the default (one process per core).
RUNS = (("without entities", False, 1), ("with entities, serial", True, 1),
        ("with entities", True, CORES))


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def run(keep: Path | None = None) -> dict:
    """Index BBC both ways and time the query set; returns the figures.

    With `keep`, the index with entities is built there and left for later benchmarks.
    """
    if not BBC.exists():
        raise SystemExit(f"{BBC} is absent: the BBC corpus lives in ../shared/data")
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, entities, jobs in RUNS:
            index_dir = Path(tmp) / label.replace(" ", "-")
            if keep is not None and label == "with entities":
                index_dir = keep
            started = time.perf_counter()
            report = index_paths([str(BBC)], index_dir, entities=entities, jobs=jobs)
            seconds = time.perf_counter() - started
            figures[label] = {"articles": report.read, "seconds": seconds,
                              "rate": report.read / seconds, "added": report.added,
                              "duplicates": report.duplicates, "skipped": len(report.skipped)}
        engine = SearchEngine(keep if keep is not None else Path(tmp) / "with-entities")
        times, totals = [], []
        started = time.perf_counter()
        for request in QUERIES:
            totals.append(engine.search(request).total)  # first run: warms the caches
        figures["first pass seconds"] = time.perf_counter() - started
        for _ in range(REPEAT):
            for request in QUERIES:
                t0 = time.perf_counter()
                engine.search(request)
                times.append((time.perf_counter() - t0) * 1000)
        engine.close()
    figures["queries"] = {"count": len(QUERIES) * REPEAT, "median_ms": statistics.median(times),
                          "p95_ms": percentile(times, 95), "max_ms": max(times),
                          "totals": totals}
    return figures


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    lines = ["## BBC corpus (2,225 articles): indexing and faceted queries", "",
             "| indexing | articles | seconds | articles/s |", "|---|---:|---:|---:|"]
    for label, _entities, jobs in RUNS:
        f = figures[label]
        label = f"{label} ({jobs} process{'es' if jobs > 1 else ''})"
        lines.append(f"| {label} | {f['articles']} | {f['seconds']:.1f} | {f['rate']:.0f} |")
    speedup = figures["with entities"]["rate"] / figures["with entities, serial"]["rate"]
    lines += ["", f"Parallel extraction ({CORES} processes) / serial: {speedup:.2f}x."]
    q = figures["queries"]
    lines += ["", f"{len(QUERIES)} queries x {REPEAT} warm runs, each with 5 facets (person, "
              "place, org, source, lang) and the date histogram:", "",
              "| queries | median ms | p95 ms | max ms |", "|---:|---:|---:|---:|",
              f"| {q['count']} | {q['median_ms']:.1f} | {q['p95_ms']:.1f} | {q['max_ms']:.1f} |",
              "", f"Hit totals of the query set: {q['totals']}."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
