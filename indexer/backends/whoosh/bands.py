"""The LSH table of near-duplicate detection, as a column of each segment.

Each signature's band keys (`dedup.band_codes`: 16 bands and the lead-words hash, 64-bit
codes) are one fixed-length value of the `bands` column. Indexes made before kept them as
17 terms of the `lsh` field, a large share of all terms, each written by a sub-writer and
rewritten by every merge at a cost per term (figures: BENCHMARKS.md, design measurements).
A column costs a few bytes a document and one copy per merge.

Finding the articles that share a band: per segment, the column is read once into a sorted
array of codes with their document numbers (segments never change, so this is kept by
segment id until the segment is merged away); the arrays of a size tier are searched as
one, so a new signature's 17 codes are two binary searches per tier. Indexes with `lsh`
terms keep finding their copies through them (`_legacy_candidates`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from indexer.backends.whoosh.codec.files import fixed_rows
from indexer.backends.whoosh.segment_keys import SegmentKeys
from indexer.duplicates import minhash as dedup

FIELD = "bands"
LEGACY_FIELD = "lsh"  # band keys as terms, in indexes made before the column
WIDTH = dedup.KEYS * 8  # bytes of one document's value


def column_value(codes: np.ndarray) -> bytes:
    """A signature's band codes (`dedup.band_codes`) as stored in the `bands` column."""
    return codes.astype("<u8").tobytes()


def _segment_codes(segreader) -> tuple[np.ndarray, np.ndarray]:
    """One segment's band codes sorted, with the document number of each (none when the
    segment has no column)."""
    rows = fixed_rows(segreader._perdoc, FIELD, segreader.schema[FIELD].column_type)
    values = (np.zeros((0, dedup.KEYS), "<u8") if rows is None
              else rows.view("<u8").reshape(-1, dedup.KEYS))
    used = np.flatnonzero(values.any(axis=1))  # a document without a value is all zeros
    flat = values[used].ravel()
    order = np.argsort(flat, kind="stable")  # equal codes stay in document order
    docs = np.repeat(used.astype(np.int32), dedup.KEYS)  # a segment has < 2**31 documents
    return flat[order].astype(np.uint64), docs[order]


class BandIndex:
    """Band code -> documents over the segments of a reader, each segment read once and
    searched a size tier at a time (`indexer.backends.whoosh.segment_keys`)."""

    def __init__(self) -> None:
        self._keys = SegmentKeys(_segment_codes)

    def refresh(self, reader) -> None:
        """Follow the segments of `reader` (new ones read, merged ones forgotten)."""
        if FIELD in reader.schema:
            self._keys.sync(reader)

    def documents(self, reader, sig: np.ndarray, codes: np.ndarray) -> Iterator[int]:
        """Live documents of `reader` sharing a band with a signature whose band codes are
        `codes` (global numbers; at most `dedup.MAX_BUCKET` per band, a document may come
        more than once)."""
        yield from self.candidates(reader, codes, dedup.MAX_BUCKET)
        yield from _legacy_candidates(reader, sig, dedup.MAX_BUCKET)

    def candidates(self, reader, codes: np.ndarray, limit: int) -> Iterator[int]:
        """Live documents of `reader` sharing a code with `codes` (global numbers), at most
        `limit` per code, in document order per code."""
        if FIELD not in reader.schema or reader.doc_count_all() == 0:
            return
        self._keys.sync(reader)
        found = self._keys.documents(codes, limit)
        for k in sorted(found):
            for docnum, segreader, local in found[k]:
                if not segreader.is_deleted(local):
                    yield docnum


def _legacy_candidates(reader, sig: np.ndarray, limit: int) -> Iterator[int]:
    """Live documents sharing a band key term of `lsh` (indexes made before the column)."""
    if LEGACY_FIELD not in reader.schema or reader.doc_count_all() == 0:
        return
    for key in dedup.band_keys(sig):
        if (LEGACY_FIELD, key) not in reader:
            continue
        for n, docnum in enumerate(reader.postings(LEGACY_FIELD, key).all_ids()):
            if n >= limit:  # a band every template shares: enough evidence
                break
            if not reader.is_deleted(docnum):
                yield docnum
