"""`/api/search` under load: Reuters-21578 served by `newsdex serve` with 1 worker and with
one worker per core, by 1, 8 and 32 clients, idle and while a writer commits.

The index holds the Reuters stories with a body (human PEOPLE/PLACES tags as entity facets)
less a held-out set. A second process (this one) drives a query mix, each request with the
five facets and the date histogram, over 127.0.0.1; during the "writes" runs a third
process commits a batch of held-out articles every few seconds. Reported: throughput,
p50/p95/p99, errors, memory per worker, and whether every committed article is found
afterwards, by the engine and through every worker.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpora import reuters, to_article
from http_load import HEADER, api_paths, drive, served
from load import BATCH, EVERY_SECONDS, QUERIES, _writer
from wrk_load import drive_wrk, have_wrk

SECONDS = 20
MAX_REQUESTS = 100_000
CLIENTS = (1, 8, 32)
HELD_OUT = 2_400
TARGET_CLIENTS, TARGET_SPEEDUP, TARGET_P95_MS = 8, 1.8, 110.0
WRK_CLIENTS = (8, 32)


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def _memory(parent: int) -> list[dict[str, int]]:
    from web.server import resident_memory, worker_pids

    pids = worker_pids(parent) or [parent]
    return [{"pid": pid, **resident_memory(pid)} for pid in pids]


def _totals_seen(port: int, tries: int = 12) -> set[int]:
    """The match-all total answered on `tries` fresh connections (reaching every worker)."""
    seen = set()
    for _ in range(tries):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/search?per_page=1&facet_size=0")
        seen.add(json.loads(conn.getresponse().read())["total"])
        conn.close()
    return seen


def _load(port: int, paths: list[str], mode: str, clients: int):
    """One load run: from wrk when `mode` ends in "-wrk", else from Python client threads."""
    if mode.endswith("-wrk"):
        return drive_wrk(port, paths, clients, SECONDS)
    return drive(port, paths, clients, SECONDS, MAX_REQUESTS)


def run() -> dict:
    """Every (workers, mode, clients) run; returns the figures."""
    from indexer.pipeline import index_articles
    from search.backends import open_search
    from search.request import SearchRequest

    records = list(reuters())
    base, held = records[:-HELD_OUT], records[-HELD_OUT:]
    parts = 2 * (len(CLIENTS) + 1)  # a share per writes run: Python clients and wrk
    shares = [held[i::parts] for i in range(parts)]
    figures: dict = {"stories": len(records), "cores": _cores(), "runs": {}, "memory": {},
                     "load": [os.getloadavg()[0]]}
    paths = api_paths(QUERIES)
    wrk = WRK_CLIENTS if have_wrk() else ()
    ctx = multiprocessing.get_context("spawn")
    stored = 0
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "reuters"
        stored += index_articles((to_article(r) for r in base), index_dir,
                                 entities=False).added
        configs = sorted({1, _cores()})
        for workers in configs:
            with served(index_dir, threads=8, workers=workers) as server:
                drive(server.port, paths, 4, 10, 2_000)  # warm up every worker
                figures["memory"][workers] = _memory(server.pid)
                port = server.port
                idle_runs = [("idle", c) for c in CLIENTS] + [("idle-wrk", c) for c in wrk]
                for mode, clients in idle_runs:
                    figures["runs"][(workers, mode, clients)] = _load(port, paths, mode, clients)
                writes_runs = [("writes", c) for c in CLIENTS]
                writes_runs += [("writes-wrk", TARGET_CLIENTS)] if wrk else []
                for mode, clients in writes_runs:
                    done, added = ctx.Value("i", 0), ctx.Value("i", 0)
                    share = shares.pop()
                    writer = ctx.Process(target=_writer, args=(
                        str(index_dir), share, time.monotonic() + SECONDS, done, added))
                    writer.start()
                    figures["runs"][(workers, mode, clients)] = _load(port, paths, mode, clients)
                    writer.join(timeout=180)
                    figures.setdefault("committed", 0)
                    figures["committed"] += done.value
                    stored += added.value
                engine = open_search(index_dir)
                expected = engine.search(SearchRequest(facets=(), per_page=1)).total
                engine.close()
                figures.setdefault("seen", {})[workers] = (expected, _totals_seen(server.port))
        engine = open_search(index_dir)
        figures["found"] = engine.search(SearchRequest(all_copies=True, facets=())).total
        engine.close()
    figures["expected"] = stored
    figures["lost"] = stored - figures["found"]
    figures["load"].append(os.getloadavg()[0])
    return figures


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f}"


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    runs, cores = figures["runs"], figures["cores"]
    lines = ["## Web API under load: `/api/search` over Reuters-21578, 1 worker and one per "
             "core", "",
             f"{figures['stories']:,} Reuters stories with a body (human PEOPLE/PLACES tags as "
             f"facets), {HELD_OUT:,} held out. `newsdex serve --workers N` (waitress, 8 "
             f"threads per worker); this process sends {len(QUERIES)} queries round-robin, "
             f"each with 5 facets and the date histogram, from 1, 8 and 32 client threads "
             f"over 127.0.0.1 for {SECONDS} s per run; during the \"writes\" runs a third "
             f"process commits {BATCH} held-out articles every {EVERY_SECONDS:.0f} s. The "
             f"client threads share the {cores} cores with the server. The \"-wrk\" "
             "runs send the same mix from wrk (one C thread, N keep-alive connections), "
             "which takes far less of the cores than the Python client threads"
             f"{'' if have_wrk() else ' (not run: wrk is not installed)'}.", "",
             HEADER.replace("| scenario |", "| workers | scenario |").replace(
                 "|---|", "|---:|---|", 1)]
    for (workers, mode, clients), result in sorted(runs.items()):
        lines.append(f"| {workers} " + result.row(f"{mode}, {clients} client"
                                                   f"{'s' if clients > 1 else ''}"))
    lines.append("")
    for mode in ("idle", "writes", "idle-wrk", "writes-wrk"):
        one = runs.get((1, mode, TARGET_CLIENTS))
        many = runs.get((cores, mode, TARGET_CLIENTS))
        if not one or not many or cores == 1:
            continue
        speedup = many.rate / one.rate if one.rate else 0.0
        p95 = many.percentile(95)
        fast, quick = speedup >= TARGET_SPEEDUP, p95 <= TARGET_P95_MS
        lines.append(
            f"- {mode}, {TARGET_CLIENTS} clients, {cores} workers vs 1: throughput "
            f"{speedup:.2f}x (target >= {TARGET_SPEEDUP}x: {'met' if fast else 'not met'}), "
            f"p95 {p95:.1f} ms (target <= {TARGET_P95_MS:.0f} ms: "
            f"{'met' if quick else 'not met'}), errors {many.errors}"
            f"{'; all met' if fast and quick and not many.errors else ''}.")
    for workers, procs in sorted(figures["memory"].items()):
        each = ", ".join(f"{_mb(p.get('rss', 0))} MB RSS ({_mb(p.get('pss', 0))} MB PSS)"
                         for p in procs)
        lines.append(f"- Memory after warm-up, {workers} worker{'s' if workers > 1 else ''}: "
                     f"{each}; in all {_mb(sum(p.get('rss', 0) for p in procs))} MB RSS, "
                     f"{_mb(sum(p.get('pss', 0) for p in procs))} MB PSS (PSS divides each "
                     "shared page among the processes mapping it: the real total).")
    for workers, (expected, seen) in sorted(figures["seen"].items()):
        lines.append(f"- After the writes, {workers} worker{'s' if workers > 1 else ''}: the "
                     f"engine counts {expected:,} stories; 12 requests on fresh connections "
                     f"answered {', '.join(f'{s:,}' for s in sorted(seen))}.")
    lines.append(f"- Articles committed during the runs: {figures['committed']:,}; searchable "
                 f"afterwards: {figures['found']:,} of {figures['expected']:,} stored "
                 f"(an exact copy of a stored text is kept once); lost: {figures['lost']}.")
    start, end = figures.get("load", (0.0, 0.0))
    lines.append(f"- Load average of the machine (1 minute): {start:.1f} at the start, "
                 f"{end:.1f} at the end, on {cores} cores (above {cores}: others were running).")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
