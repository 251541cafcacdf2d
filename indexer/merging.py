"""How segments are merged as an index grows (a Whoosh merge policy)."""

from __future__ import annotations

MERGE_FACTOR = 10


def merge_tiered(writer, segments: list) -> list:
    """Whoosh merge policy: segments in tiers by size (powers of MERGE_FACTOR documents);
    a tier that holds MERGE_FACTOR segments is merged into one of the next tier.

    Each article is rewritten about once per tier (log10 of the index size), where
    Whoosh's default MERGE_SMALL, merging on a Fibonacci schedule, rewrote the growing
    segments at most commits: three quarters of the time of a bulk load went to merging.
    """
    from math import log

    from whoosh.reading import SegmentReader

    tiers: dict[int, list] = {}
    for segment in segments:
        size = max(1, segment.doc_count())
        tiers.setdefault(int(log(size, MERGE_FACTOR)), []).append(segment)
    kept = []
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) < MERGE_FACTOR:
            kept.extend(group)
            continue
        for segment in group:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return kept
