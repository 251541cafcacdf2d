"""Same-entity decisions checked against the Wikidata links of NEREL (Russian news).

Every gold PERSON / CITY / COUNTRY / STATE_OR_PROV span of NEREL 1.1 dev that carries a
Wikidata link and that newsdex finds (a person or place mention overlapping it) gives a
(Wikidata id, newsdex id) pair. Printed: Wikidata entities named two or more times whose
mentions all got one newsdex id (split = several ids), and newsdex ids that cover two or
more Wikidata entities (false merges), with examples. All texts go through one extractor,
as an indexing run does (ids merge by cross-script key across texts).
Run: `.venv/bin/python benchmarks/entity_ids_nerel.py [--split dev|train] [--limit N]`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.entities import EntityExtractor  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "nerel"
KINDS = {"PERSON": "person", "CITY": "place", "COUNTRY": "place", "STATE_OR_PROV": "place"}


def gold(ann: Path) -> list[tuple[str, int, int, str, str]]:
    """(kind, start, end, Wikidata id, text) of the linked spans of one .ann file."""
    spans, links = {}, {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            head = parts[1].split()
            if head[0] in KINDS and ";" not in parts[1]:
                spans[parts[0]] = (KINDS[head[0]], int(head[1]), int(head[2]), parts[2])
        elif line.startswith("N") and len(parts) >= 2:
            m = re.match(r"Reference (T\d+) Wikidata:(Q\d+)", parts[1])
            if m:
                links[m[1]] = m[2]
    return [(k, s, e, links[t], txt) for t, (k, s, e, txt) in spans.items() if t in links]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    files = sorted((DATA / args.split).glob("*.ann"))[: args.limit]
    if not files:
        sys.exit(f"no NEREL data in {DATA / args.split}")
    docs = [(f.with_suffix(".txt").read_text(encoding="utf-8"), "ru", None) for f in files]
    found = EntityExtractor().extract_batch(docs)
    by_wd: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_id: dict[tuple[str, str], set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    mentions = defaultdict(int)
    for f, ms in zip(files, found, strict=True):
        for kind, s, e, wd, txt in gold(f):
            hit = next((m for m in ms if m.type == kind and m.start < e and s < m.end), None)
            if hit is None:
                continue
            mentions[(kind, wd)] += 1
            by_wd[(kind, wd)].add(hit.id)
            by_id[(kind, hit.id)].add(wd)
            names.setdefault(wd, txt)
    for kind in ("person", "place"):
        multi = [k for k in by_wd if k[0] == kind and mentions[k] >= 2]
        one = [k for k in multi if len(by_wd[k]) == 1]
        merged = [k for k in by_id if k[0] == kind and len(by_id[k]) > 1]
        ids = [k for k in by_id if k[0] == kind]
        print(f"{kind}: {len(one)}/{len(multi)} Wikidata entities named 2+ times get one id"
              f" ({len(one) / max(1, len(multi)):.1%}); {len(merged)}/{len(ids)} newsdex ids"
              f" cover 2+ Wikidata entities")
        for k in [k for k in multi if len(by_wd[k]) > 1][:5]:
            print(f"  split  {k[1]} {names[k[1]]!r}: {sorted(by_wd[k])}")
        for k in merged[:5]:
            print(f"  merged {k[1]}: {[names[w] for w in sorted(by_id[k])]}")


if __name__ == "__main__":
    main()
