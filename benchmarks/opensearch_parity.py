"""Parity of the two backends: the same queries over a Whoosh index and an OpenSearch index
of the same articles, totals, every facet's counts and the timeline compared.

    python benchmarks/opensearch_parity.py --whoosh /tmp/bbc-index \
        --opensearch opensearch://127.0.0.1:9200/bbc [--corpus bbc samples]

With `--corpus`, both indexes are first written from ../shared/data/<corpus> through the
backends' own writers (`newsdex index`); otherwise they must exist. Prints a markdown table:
one row per query with the total of each backend and the facets that differ (none: "=").
Exit status 1 when any row differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search.backends import open_search
from search.request import SearchRequest

FACETS = ("person", "place", "org", "source", "lang", "date")
QUERIES: list[tuple[str, dict]] = [
    ("", {}),
    ("government", {}),
    ("economy growth", {}),
    ('"prime minister"', {}),
    ("film OR music", {}),
    ("election NOT labour", {}),
    ("title:election", {}),
    ("body:chelsea", {}),
    ("minist*", {}),
    ("published:2022", {}),
    ("published:[2005-01-01 TO 2005-12-31]", {}),
    ("Blair", {"cross_lang": True}),
    ("Київ", {}),
    ("Харків", {"cross_lang": True}),
    ("", {"filters": {"lang": ["uk"]}}),
    ("", {"filters": {"place": ["London"]}}),
    ("", {"filters": {"person": ["Tony Blair"]}}),
    ("bank", {"match": "any"}),
    ("", {"sort": "oldest"}),
    ("war", {"all_copies": True}),
]


def compare(whoosh, remote, query: str, options: dict) -> tuple[int, int, list[str]]:
    """(Whoosh total, OpenSearch total, what differs) of one search."""
    request = SearchRequest(query=query, facets=FACETS, facet_size=1000, per_page=10,
                            **options)
    left, right = whoosh.search(request), remote.search(request)
    differs = []
    for name in FACETS:
        a = {v.value: v.count for v in left.facets.get(name, []) if v.count}
        b = {v.value: v.count for v in right.facets.get(name, []) if v.count}
        if a != b:
            keys = sorted(set(a) ^ set(b) | {k for k in set(a) & set(b) if a[k] != b[k]})
            differs.append(f"{name}: {len(keys)} values ({', '.join(keys[:3])})")
    bars = [(left.histogram and [(x.key, x.count) for x in left.histogram.buckets]),
            (right.histogram and [(x.key, x.count) for x in right.histogram.buckets])]
    if bars[0] != bars[1] or (left.histogram and right.histogram
                              and left.histogram.undated != right.histogram.undated):
        differs.append("timeline")
    return left.total, right.total, differs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--whoosh", required=True, help="the Whoosh index folder")
    parser.add_argument("--opensearch", required=True, help="opensearch://host:port/index")
    parser.add_argument("--corpus", nargs="*", default=[],
                        help="index these ../shared/data folders into both first")
    args = parser.parse_args()
    if args.corpus:
        from indexer.pipeline import index_paths

        data = Path(__file__).resolve().parents[2] / "shared" / "data"
        paths = [str(data / name) for name in args.corpus]
        for address in (args.whoosh, args.opensearch):
            report = index_paths(paths, address)
            print(f"{address}: {report.added} added, {report.skipped} skipped",
                  file=sys.stderr)
    whoosh, remote = open_search(args.whoosh), open_search(args.opensearch)
    print("| query | options | Whoosh total | OpenSearch total | facets and timeline |")
    print("|---|---|---:|---:|---|")
    bad = 0
    for query, options in QUERIES:
        a, b, differs = compare(whoosh, remote, query, options)
        bad += bool(differs) or a != b
        shown = ", ".join(f"{k}={v}" for k, v in options.items()) or ""
        print(f"| `{query}` | {shown} | {a} | {b} | {'; '.join(differs) or '='} |")
    print(f"\n{len(QUERIES) - bad} of {len(QUERIES)} queries agree in total, every facet's "
          "counts and the timeline")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
