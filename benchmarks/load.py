"""Load with a writer: `newsdex serve` over Reuters-21578 while new articles are committed.

The index holds the Reuters stories with a body (their human PEOPLE/PLACES tags as entity
facets), less a held-out set. A second process drives a realistic query mix from 8 and
then 32 concurrent clients for 60 s each over 127.0.0.1, first with the index idle, then
while a writer process commits a batch of held-out articles every few seconds. Reported:
throughput, p50/p95/p99, errors, and whether every committed article is searchable after.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpora import reuters, to_article
from http_load import HEADER, api_paths, drive, serve

SECONDS = 60
MAX_REQUESTS = 100_000
HELD_OUT = 1_500
BATCH = 50
EVERY_SECONDS = 3.0
QUERIES = [
    {"q": "oil"}, {"q": "oil prices"}, {"q": '"interest rates"'}, {"q": "bank* AND loan"},
    {"q": "trade NOT japan"}, {"q": ""}, {"place": "usa"}, {"q": "grain", "place": "ussr"},
    {"q": "dollar", "sort": "newest"}, {"q": "profit", "page": "3"},
    {"q": "", "since": "1987-03-01", "until": "1987-03-31"}, {"person": "reagan"},
    {"q": "coffee OR cocoa", "facet_size": "25"}, {"q": "acquisition", "sort": "recent"},
]


def _writer(index_dir: str, records: list[dict], stop_at: float, done, stored) -> None:
    """Commit BATCH held-out articles every EVERY_SECONDS until told to stop."""
    from indexer.pipeline import index_articles

    committed = 0
    while time.monotonic() < stop_at and committed < len(records):
        batch = records[committed:committed + BATCH]
        report = index_articles([to_article(r) for r in batch], index_dir, entities=False,
                                wait=30)
        committed += len(batch)
        done.value = committed
        stored.value += report.added  # exact copies of stored texts are stored once
        time.sleep(EVERY_SECONDS)


def run() -> dict:
    """Idle and under-writes load runs at 8 and 32 clients; returns the figures."""
    from indexer.pipeline import index_articles
    from search.backends.whoosh.engine import SearchEngine, SearchRequest

    records = list(reuters())
    base, held = records[:-HELD_OUT], records[-HELD_OUT:]
    figures: dict = {"stories": len(records)}
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "reuters"
        first = index_articles((to_article(r) for r in base), index_dir, entities=False)
        paths = api_paths(QUERIES)
        ctx = multiprocessing.get_context("spawn")
        with serve(index_dir, threads=8, workers=1) as port:
            drive(port, paths, 4, 10, 2_000)  # warm up
            for clients in (8, 32):
                figures[("idle", clients)] = drive(port, paths, clients, SECONDS, MAX_REQUESTS)
            for clients in (8, 32):
                done, stored = ctx.Value("i", 0), ctx.Value("i", 0)
                share = held[:HELD_OUT // 2] if clients == 8 else held[HELD_OUT // 2:]
                writer = ctx.Process(target=_writer, args=(
                    str(index_dir), share, time.monotonic() + SECONDS, done, stored))
                writer.start()
                figures[("writes", clients)] = drive(port, paths, clients, SECONDS,
                                                     MAX_REQUESTS)
                writer.join(timeout=120)
                figures[("committed", clients)] = done.value
                figures[("stored", clients)] = stored.value
        engine = SearchEngine(index_dir)
        figures["expected"] = first.added + figures[("stored", 8)] + figures[("stored", 32)]
        figures["found"] = engine.search(SearchRequest(all_copies=True, facets=())).total
        figures["lost"] = figures["expected"] - figures["found"]
        engine.close()
    return figures


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    lines = ["## Load with a writer: Reuters-21578 served while articles are committed", "",
             f"{figures['stories']:,} Reuters stories with a body (human PEOPLE/PLACES tags as "
             f"facets), {HELD_OUT:,} held out. `newsdex serve --workers 1` (waitress, 8 "
             "threads); a second "
             f"process sends {len(QUERIES)} queries round-robin over 127.0.0.1 for {SECONDS} s "
             f"per run; during the \"writes\" runs a third process commits {BATCH} held-out "
             f"articles every {EVERY_SECONDS:.0f} s.", "", HEADER]
    for mode in ("idle", "writes"):
        for clients in (8, 32):
            lines.append(figures[(mode, clients)].row(f"{mode}, {clients} clients"))
    ratio = [figures[("writes", c)].percentile(95) / figures[("idle", c)].percentile(95)
             for c in (8, 32)]
    lines += ["", f"p95 under writes / idle: {ratio[0]:.2f} (8 clients), {ratio[1]:.2f} "
              f"(32 clients). Articles committed during the runs: "
              f"{figures[('committed', 8)] + figures[('committed', 32)]}; searchable "
              f"afterwards: {figures['found']:,} of {figures['expected']:,} stored articles "
              f"expected (Reuters repeats some stories word for word: an exact copy is kept "
              f"once, as a further origin of the first); lost: {figures['lost']}."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
