"""Matched documents of a query as a numpy mask, reading postings a block at a time.

Whoosh's `docs_for_query` yields one document number at a time through Python generators
(a union matcher per field and language). Terms, and AND/OR/NOT trees of them, are
evaluated here instead by decoding whole posting blocks into arrays and combining masks;
any other query (phrases, ranges, wildcards) falls back to Whoosh for that subtree.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher


def posting_ids(matcher) -> np.ndarray:
    """Every document number of a raw (unfiltered) leaf matcher, block by block."""
    if not isinstance(matcher, W3LeafMatcher):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    chunks = []
    while True:
        if matcher._data is None:
            matcher._read_data()
        ids = np.asarray(matcher._data[0], dtype=np.int64)
        chunks.append(ids if matcher._byteids else np.cumsum(ids))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)


def term_ids(segment_reader, fieldname: str, text) -> np.ndarray:
    """Document numbers (deleted ones included) of one term in one segment."""
    if fieldname not in segment_reader.schema:
        return np.zeros(0, dtype=np.int64)
    btext = segment_reader._text_to_bytes(fieldname, text)
    if (fieldname, btext) not in segment_reader:
        return np.zeros(0, dtype=np.int64)
    fmt = segment_reader.schema[fieldname].format
    return posting_ids(segment_reader._terms.matcher(fieldname, btext, fmt))


class MaskEvaluator:
    """Evaluates a query to a document mask over a searcher's leaf readers."""

    def __init__(self, searcher, live: np.ndarray):
        self.searcher = searcher
        self.live = live
        self.leaves = searcher.reader().leaf_readers()

    def mask(self, q: wq.Query) -> np.ndarray:
        """Live documents matching `q`."""
        return self._eval(q) & self.live

    def _term(self, fieldname: str, text) -> np.ndarray:
        mask = np.zeros(self.live.size, dtype=bool)
        for reader, offset in self.leaves:
            ids = term_ids(reader, fieldname, text)
            mask[ids + offset] = True
        return mask

    def _eval(self, q: wq.Query) -> np.ndarray:
        if isinstance(q, wq.Every):
            return self.live.copy()
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return np.zeros(self.live.size, dtype=bool)
        if type(q) is wq.Term:
            return self._term(q.fieldname, q.text)
        if isinstance(q, wq.Or | wq.DisjunctionMax) and not getattr(q, "minmatch", 0):
            out = np.zeros(self.live.size, dtype=bool)
            for sub in q.subqueries:
                out |= self._eval(sub)
            return out
        if isinstance(q, wq.And):
            out = self.live.copy()
            for sub in q.subqueries:
                out &= self._eval(sub)
            return out
        if isinstance(q, wq.AndNot):
            return self._eval(q.a) & ~self._eval(q.b)
        if isinstance(q, wq.AndMaybe):
            return self._eval(q.a)
        if isinstance(q, wq.Not):
            return self.live & ~self._eval(q.query)
        if isinstance(q, wq.ConstantScoreQuery | wq.WeightingQuery):
            return self._eval(q.child)
        return self._fallback(q)

    def _fallback(self, q: wq.Query) -> np.ndarray:
        mask = np.zeros(self.live.size, dtype=bool)
        mask[np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)] = True
        return mask
