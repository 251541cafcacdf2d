"""Whoosh writing at scale: how segments merge as an index grows, and the sub-writer
processes of parallel writing."""

from __future__ import annotations

import ctypes
import functools
import os
import signal

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


@functools.cache
def children_die_with_parent() -> None:
    """Processes forked from here get SIGKILL when this one dies (Linux): a writer killed
    mid-commit must not leave Whoosh's sub-writers waiting forever on the lock it held."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    os.register_at_fork(after_in_child=lambda: libc.prctl(1, signal.SIGKILL))  # PDEATHSIG
