"""An index's keys looked up a size tier at a time, not a segment at a time.

For every article it reads, the writer asks whether its id or its text is indexed already,
and which indexed articles share one of its 17 LSH band codes. Asked of each segment in
turn, that is two hash look-ups and two binary searches per segment, a cost that grows with
the number of segments and falls on the process that feeds both sub-writers (figures:
BENCHMARKS.md, design measurements).

Here each segment's keys are read once into a sorted array (a segment never changes), and
the arrays of the segments of one size tier (`indexer.backends.whoosh.merge.policy.tier_of`)
are combined into one: a new segment rebuilds only the small tiers' arrays, a merge the tier
it lands in, and a look-up is one binary search per tier (three or four) instead of one per
segment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.backends.whoosh.merge.policy import tier_of

# (sorted keys, the document number of each key or None) of one segment reader
Read = Callable[[object], tuple[np.ndarray, np.ndarray | None]]


@dataclass
class _Tier:
    """The keys of a tier's segments in one sorted array: for equal keys, in segment
    order, then document order."""

    ids: tuple[str, ...]  # segment ids, in the reader's order
    keys: np.ndarray
    owner: np.ndarray  # index into `ids` of each key's segment
    docs: np.ndarray | None  # each key's document number in its segment


class SegmentKeys:
    """Sorted keys (with the document holding each) over the segments of a reader."""

    def __init__(self, read: Read) -> None:
        """Keys of each segment reader come from `read(segreader)`, called once a segment."""
        self._read = read
        self._segments: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        self._tiers: dict[int, _Tier] = {}
        self._reader = None
        self._where: dict[str, tuple[object, int]] = {}  # segment id -> (segreader, base)

    def sync(self, reader) -> None:
        """Follow `reader`'s segments: read new ones, forget merged ones, rebuild the tiers
        whose segments changed."""
        if reader is self._reader:
            return
        leaves = [(s, base) for s, base in reader.leaf_readers()
                  if s.segment() is not None]  # an empty index's reader has none
        self._reader = reader
        self._where = {s.segment().segment_id(): (s, base) for s, base in leaves}
        tiers: dict[int, list[str]] = {}
        for segreader, _base in leaves:
            sid = segreader.segment().segment_id()
            if sid not in self._segments:
                self._segments[sid] = self._read(segreader)
            tiers.setdefault(tier_of(segreader.doc_count_all()), []).append(sid)
        for sid in set(self._segments) - set(self._where):
            del self._segments[sid]
        self._tiers = {tier: self._combined(tuple(ids)) for tier, ids in tiers.items()}

    def _combined(self, ids: tuple[str, ...]) -> _Tier:
        for tier in self._tiers.values():
            if tier.ids == ids:
                return tier
        parts = [self._segments[sid] for sid in ids]
        keys = np.concatenate([k for k, _ in parts])
        order = np.argsort(keys, kind="stable")  # equal keys stay in segment order
        owner = np.repeat(np.arange(len(ids), dtype=np.int32), [len(k) for k, _ in parts])
        docs = None
        if all(d is not None for _, d in parts):
            docs = np.concatenate([d for _, d in parts])[order]
        return _Tier(ids, keys[order], owner[order], docs)

    def contains(self, key: int) -> bool:
        """Whether any segment of the synced reader has `key` (deleted documents too)."""
        for tier in self._tiers.values():
            keys = tier.keys
            at = int(keys.searchsorted(key))
            if at < len(keys) and int(keys[at]) == key:
                return True
        return False

    def documents(self, keys: np.ndarray, limit: int) -> dict[int, list[tuple[int, object, int]]]:
        """For each of `keys` found: its first `limit` holders in the reader's document
        order (deleted documents included), as (global number, segment reader, number)."""
        found: dict[int, list[tuple[int, object, int]]] = {}
        for tier in self._tiers.values():
            lo = tier.keys.searchsorted(keys, "left")
            hi = tier.keys.searchsorted(keys, "right")
            for k in np.flatnonzero(hi > lo).tolist():
                holders = found.setdefault(k, [])
                for j in range(int(lo[k]), min(int(hi[k]), int(lo[k]) + limit)):
                    segreader, base = self._where[tier.ids[tier.owner[j]]]
                    docnum = int(tier.docs[j])
                    holders.append((base + docnum, segreader, docnum))
        for holders in found.values():
            holders.sort(key=lambda holder: holder[0])
            del holders[limit:]
        return found


def term_keys(fieldname: str) -> Read:
    """A `Read` of the hashes of a field's terms in a segment (`hash()` of the term's
    bytes: the same in one process, which is as long as the table lives)."""

    def read(segreader) -> tuple[np.ndarray, None]:
        if fieldname not in segreader.indexed_field_names():
            return np.zeros(0, dtype=np.int64), None
        hashes = np.array([hash(term) for term in segreader.lexicon(fieldname)], np.int64)
        return np.sort(hashes), None

    return read


class IndexedTerms:
    """Whether a value of a field is indexed: "surely not" answered from hashes of every
    term of the field, kept per segment; "maybe" left to the index. A run that asks
    fewer than `after` times asks the index directly: reading the ids and text hashes of
    every segment of a large index costs more than a short run's questions (figures:
    BENCHMARKS.md, design measurements)."""

    def __init__(self, after: int = 1000) -> None:
        """Answer from the hashes after `after` questions."""
        self.after = after
        self._asked = 0
        self._fields: dict[str, SegmentKeys] = {}

    def may_hold(self, reader, fieldname: str, value: str) -> bool:
        """False when no segment of `reader` has `value` as a term of `fieldname`."""
        self._asked += 1
        if self._asked <= self.after or fieldname not in reader.schema:
            return True
        keys = self._fields.get(fieldname)
        if keys is None:
            keys = self._fields[fieldname] = SegmentKeys(term_keys(fieldname))
        keys.sync(reader)
        return keys.contains(hash(reader.schema[fieldname].to_bytes(value)))
