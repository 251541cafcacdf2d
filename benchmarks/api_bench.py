"""`/api/search` under load: the BBC index served by `newsdex serve`, 1 and 8 clients.

Every request asks for the five facets and the date histogram (the API always returns
both). The driver runs in this process, the server in another, over 127.0.0.1 only;
each run is bounded by a request count and a time limit.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import HEADER, api_paths, drive, serve

QUERIES = [
    {"q": "election"}, {"q": "economy growth"}, {"q": '"prime minister"'},
    {"q": "film OR music"}, {"q": "champion*"}, {"q": ""}, {"person": "Tony Blair"},
    {"q": "tax", "place": "London"}, {"org": "Microsoft"}, {"q": "market", "sort": "newest"},
    {"q": "mobile", "per_page": "20", "page": "2"}, {"q": "oil", "facet_size": "30"},
]
SECONDS = 30
MAX_REQUESTS = 3000


def run(index_dir: Path) -> dict:
    """Load the served index with 1 and 8 clients; returns the LoadResults."""
    paths = api_paths(QUERIES)
    figures = {}
    with serve(index_dir, threads=8) as port:
        drive(port, paths, clients=1, seconds=5, max_requests=len(paths))  # warm up
        for clients in (1, 8):
            figures[clients] = drive(port, paths, clients, SECONDS, MAX_REQUESTS)
    return figures


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    lines = ["## Web API under load: `/api/search` over the BBC index", "",
             f"`newsdex serve` (waitress, 8 threads) over the BBC index with entities; a second "
             f"process sends {len(QUERIES)} queries round-robin, each with 5 facets and the "
             f"date histogram, for {SECONDS} s or {MAX_REQUESTS} requests per run, on "
             "127.0.0.1.", "", HEADER]
    lines += [figures[c].row(f"/api/search, {c} client{'s' if c > 1 else ''}")
              for c in sorted(figures)]
    return "\n".join(lines)
