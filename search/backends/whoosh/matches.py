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
from whoosh.collectors import TopCollector
from whoosh.reading import TermNotFound

from indexer.backends.whoosh.codec.io import posting_extent, read_ahead
from search.backends.whoosh.postings import CACHE, term_key

_TERM_TREES = (wq.Term, wq.Or, wq.And, wq.AndNot, wq.AndMaybe, wq.Not, wq.Every,
               wq.ConstantScoreQuery, wq.WeightingQuery)


def blocks(matcher):
    """Each posting block of a raw W3 leaf matcher, decoded: (ids or deltas, weights, values)."""
    while True:
        if matcher._data is None:
            matcher._read_data()
        yield matcher._data
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def posting_ids(matcher) -> np.ndarray:
    """Every document number of a raw (unfiltered) leaf matcher, block by block."""
    if not isinstance(matcher, W3LeafMatcher):
        return stepped_postings(matcher)[0]
    return block_postings(matcher)[0]


def block_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of every posting of a raw leaf matcher."""
    ids_parts, weight_parts = [], []
    for deltas, weights, _values in blocks(matcher):
        ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
        ids_parts.append(ids)
        if weights is None:
            weight_parts.append(np.ones(ids.size))
        elif isinstance(weights, float):
            weight_parts.append(np.full(ids.size, weights))
        else:
            weight_parts.append(np.asarray(weights, dtype=np.float64))
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


def stepped_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of any matcher, one posting at a time."""
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def compact_floats(values: np.ndarray) -> np.ndarray:
    """`values` as float32 when that loses nothing (term frequencies do), else as is."""
    small = values.astype(np.float32)
    return small if np.array_equal(small, values) else values


def term_postings(segment_reader, fieldname: str, btext: bytes
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of one indexed term of one segment, deleted documents
    included; decoded once and kept (search.backends.whoosh.postings)."""
    def decode() -> tuple[np.ndarray, np.ndarray]:
        fmt = segment_reader.schema[fieldname].format
        matcher = segment_reader._terms.matcher(fieldname, btext, fmt)
        if isinstance(matcher, W3LeafMatcher):
            ids, weights = block_postings(matcher)
        else:
            ids, weights = stepped_postings(matcher)  # a term inlined in the terms table
        return ids.astype(np.int32), compact_floats(weights)

    return CACHE.get(term_key(segment_reader, "postings", fieldname, btext), decode)


def read_ahead_postings(segment_reader, fieldname: str, btext: bytes,
                        kind: str = "postings") -> bool:
    """Start reading one term's posting list from disk, unless `kind` was decoded already;
    whether it still has to be decoded.

    Asked for every segment before the first is decoded, the reads of all segments
    overlap instead of waiting a page fault at a time: an index larger than memory, or a
    cold start (search.backends.whoosh.bm25f)."""
    if term_key(segment_reader, kind, fieldname, btext) in CACHE:
        return False
    terms = segment_reader._terms
    try:
        info = terms.term_info(fieldname, btext)
    except TermNotFound:
        return True
    if not info.is_inlined():
        read_ahead(terms._postfile, *posting_extent(info))
    return True


def term_ids(segment_reader, fieldname: str, text) -> np.ndarray:
    """Document numbers (deleted ones included) of one term in one segment."""
    if fieldname not in segment_reader.schema:
        return np.zeros(0, dtype=np.int64)
    btext = segment_reader._text_to_bytes(fieldname, text)
    if (fieldname, btext) not in segment_reader:
        return np.zeros(0, dtype=np.int64)
    return term_postings(segment_reader, fieldname, btext)[0]


class RecordingCollector(TopCollector):
    """Top-k by score that also records every matched document (one pass for both).

    Block-quality skipping is off, since every match is wanted; `allowed` (a document
    mask) limits what enters the top k, not what is recorded.
    """

    def __init__(self, limit: int, size: int, allowed: np.ndarray | None):
        super().__init__(limit=limit, usequality=False)
        self.recorded = np.zeros(size, dtype=bool)
        self.allowed = allowed

    def prepare(self, top_searcher, q, context) -> None:
        """Ask for matchers that step one document at a time (`needs_current`).

        Without it Whoosh may hand a phrase union built for all_ids(), which stops after
        one document when stepped (one match per segment recorded).
        """
        super().prepare(top_searcher, q, context.set(needs_current=True))

    def collect_matches(self) -> None:
        """Step through the matcher: record each match, score the allowed ones."""
        matcher, offset, allowed = self.matcher, self.offset, self.allowed
        seen: list[int] = []
        collect = self.collect
        while matcher.is_active():
            docnum = matcher.id()
            seen.append(docnum)
            if allowed is None or allowed[docnum + offset]:
                collect(docnum)
            matcher.next()
        self.recorded[np.asarray(seen, dtype=np.int64) + offset] = True


class MaskEvaluator:
    """Evaluates a query to a document mask over a searcher's leaf readers."""

    def __init__(self, searcher, live: np.ndarray):
        self.searcher = searcher
        self.live = live
        self.leaves = searcher.reader().leaf_readers()

    def mask(self, q: wq.Query) -> np.ndarray:
        """Live documents matching `q`."""
        return self._eval(q) & self.live

    @staticmethod
    def bulk(q: wq.Query) -> bool:
        """Whether `q` is a tree of terms that postings blocks answer without Whoosh."""
        if q is wq.NullQuery:
            return True
        if not isinstance(q, _TERM_TREES) or (isinstance(q, wq.Term) and type(q) is not wq.Term):
            return False
        if isinstance(q, wq.Or) and getattr(q, "minmatch", 0):
            return False
        return all(MaskEvaluator.bulk(child) for child in q.children())

    def match(self, q: wq.Query, allowed: np.ndarray | None,
              limit: int) -> tuple[np.ndarray, list[tuple[int, float]] | None]:
        """The mask of `q` and, for queries Whoosh must evaluate, the top `limit` too.

        A term tree is answered from postings blocks (its top k is left to Whoosh's
        block-skipping search); any other query runs once through a recording collector
        that yields both the matched documents and the best `limit` among `allowed`.
        """
        if limit <= 0 or self.bulk(q):
            return self.mask(q), None
        collector = RecordingCollector(limit, self.live.size, allowed)
        self.searcher.search_with_collector(q, collector)
        top = [(hit.docnum, hit.score) for hit in collector.results()]
        return collector.recorded & self.live, top

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
