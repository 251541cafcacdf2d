"""Phrases matched with arrays: candidates by posting ids, then positions.

Whoosh checks a phrase one candidate document at a time through span matchers (about
0.1 ms a candidate: seconds for two common words in a large archive). Here the documents
holding every word are intersected first; then the positions of those candidates are
taken from each word's decoded positions (decoded once per segment and kept, see
search.postings), and the phrase holds where word i sits at position p + i (slots of
(candidate, p) intersected as arrays). Scoring follows Lucene's phrase query: BM25 with
the phrase's frequency in the document as tf and the summed idf of its words."""

from __future__ import annotations

from pickle import loads

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.system import _INT_SIZE

from search.matches import blocks
from search.postings import CACHE, term_key

DENSE_SLOTS = 1 << 26  # a boolean table of (candidate, position) slots up to 64 MB


def phrase_parts(q: wq.Query) -> tuple[str, list[list[str]]] | None:
    """(field, alternatives per position) of an exact phrase or sequence, else None."""
    if type(q) is wq.Phrase and q.slop == 1 and len(q.words) > 1:
        return q.fieldname, [[w] for w in q.words]
    if type(q) is wq.Sequence and q.slop == 1 and q.ordered and len(q.subqueries) > 1:
        parts, fields = [], set()
        for child in q.subqueries:
            terms = [child] if type(child) is wq.Term else (
                child.subqueries if type(child) is wq.Or else None)
            if not terms or any(type(t) is not wq.Term or t.boost != 1.0 for t in terms):
                return None
            fields.update(t.fieldname for t in terms)
            parts.append([t.text for t in terms])
        return (fields.pop(), parts) if len(fields) == 1 else None
    return None


_K, _M, _J = ord("K"), ord("M"), ord("J")
_HEADER = np.frombuffer(b"\x80\x02]q", dtype=np.uint8)


def _blocks(reader, fieldname: str, btext: bytes) -> list[tuple[np.ndarray, tuple]]:
    """(document numbers, encoded values) of each posting block of one term."""
    matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    if not isinstance(matcher, W3LeafMatcher):  # one posting, inlined in the terms table
        ids, values = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            values.append(matcher.value())
            matcher.next()
        return [(np.asarray(ids, dtype=np.int64), tuple(values))]
    return [(np.cumsum(np.asarray(deltas, dtype=np.int64)), values)
            for deltas, _weights, values in blocks(matcher)]


def _slow_deltas(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(count, position deltas) of each value through pickle (Whoosh's own decoding)."""
    lists = [loads(v[_INT_SIZE:] if v.endswith(b".") else v[_INT_SIZE:] + b".")
             for v in values]
    return (np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)),
            np.fromiter((d for one in lists for d in one), dtype=np.int64))


def decode_deltas(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(count, position deltas) of many Positions values at once.

    A value is a 4-byte count and a pickled list of ints (protocol 2: header, then K/M/J
    opcodes of 1, 2 or 4 bytes). The lists are read side by side, one item of each per
    step, instead of one pickle.loads per posting; anything unexpected falls back.
    """
    if not values:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    joined = b"".join(values) + b"\0" * 8
    buf = np.frombuffer(joined, dtype=np.uint8).astype(np.int64)
    sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    starts = np.cumsum(sizes) - sizes
    counts = (buf[starts] << 24) | (buf[starts + 1] << 16) | (buf[starts + 2] << 8) | buf[
        starts + 3]
    head = starts[:, None] + 4 + np.arange(4)
    if (not np.array_equal(buf[head], np.broadcast_to(_HEADER, head.shape))
            or counts.max() > 1000 or counts.min() < 1):
        return _slow_deltas(values)
    ptr = starts + 9 + (counts > 1)  # after "q\0", and the MARK of a list of several
    out = np.empty(int(counts.sum()), dtype=np.int64)
    first = np.cumsum(counts) - counts
    for j in range(int(counts.max())):
        live = np.flatnonzero(counts > j)
        at = ptr[live]
        op = buf[at]
        small = buf[at + 1]
        medium = small | (buf[at + 2] << 8)
        large = medium | (buf[at + 3] << 16) | (buf[at + 4] << 24)
        if ((op != _K) & (op != _M) & (op != _J)).any():
            return _slow_deltas(values)
        large = np.where(large >= 1 << 31, large - (1 << 32), large)  # signed
        out[first[live] + j] = np.where(op == _K, small, np.where(op == _M, medium, large))
        ptr[live] = at + np.where(op == _K, 2, np.where(op == _M, 3, 5))
    return counts, out


def _positions(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, ...]:
    """(document numbers, occurrences, where each document's positions start, positions,
    [the largest position]) of one term in one segment; decoded once and kept
    (search.postings)."""
    def decode() -> tuple[np.ndarray, ...]:
        parts = _blocks(reader, fieldname, btext)
        ids = np.concatenate([i for i, _v in parts])
        counts, flat = decode_deltas([v for _i, values in parts for v in values])
        # Positions are deltas within each posting: cumulative sums restarted per posting.
        running = np.cumsum(flat)
        starts = np.cumsum(counts) - counts
        positions = running - np.repeat(running[starts] - flat[starts], counts)
        return ids, counts, starts, positions, np.array([positions.max(initial=0)])

    return CACHE.get(term_key(reader, "positions", fieldname, btext), decode)


def _occurrences(term: tuple[np.ndarray, ...], candidate: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(document, position) of every occurrence of a term in the candidate documents
    (`candidate`: a mask over the segment's documents), in document then position order."""
    ids, counts, starts, positions, _top = term
    hit = np.flatnonzero(candidate[ids])
    picked = counts[hit]
    # Indexes of the picked documents' positions: each one's run from its start.
    offsets = np.cumsum(picked) - picked
    runs = np.arange(int(picked.sum())) - np.repeat(offsets - starts[hit], picked)
    return np.repeat(ids[hit], picked), positions[runs]


def _slots(terms: list[list[tuple]], offset: int, candidate: np.ndarray, rank: np.ndarray,
           width: int) -> np.ndarray:
    """Sorted slots (candidate rank * width + position - offset) where the word at `offset`
    of the phrase would let a phrase start."""
    found = []
    for term in terms[offset]:
        docs, positions = _occurrences(term, candidate)
        keep = positions >= offset
        found.append(rank[docs[keep]] * width + (positions[keep] - offset))
    return np.unique(np.concatenate(found)) if len(found) > 1 else found[0]


def phrase_frequencies(reader, fieldname: str, parts: list[list[bytes]]
                       ) -> tuple[np.ndarray, np.ndarray]:
    """(documents, occurrences) of the phrase in one segment, deleted documents included.

    A phrase starts at slot (document, p) when word i occurs at p + i. The starts of the
    first word are filtered by a boolean table of each next word's starts (one scatter
    and one gather: linear), or by binary search when the table would be too large.
    """
    none = np.zeros(0, np.int64)
    terms: list[list[tuple]] = []
    candidates = None
    for alternatives in parts:
        present = [_positions(reader, fieldname, b) for b in alternatives
                   if (fieldname, b) in reader]
        if not present:
            return none, none
        terms.append(present)
        ids = np.concatenate([term[0] for term in present])
        ids = np.unique(ids) if len(present) > 1 else ids
        candidates = ids if candidates is None else np.intersect1d(candidates, ids,
                                                                   assume_unique=True)
        if not candidates.size:
            return none, none
    candidate = np.zeros(reader.doc_count_all(), dtype=bool)
    candidate[candidates] = True
    width = int(max(term[4][0] for alternatives in terms for term in alternatives)) + 1
    dense = candidates.size * width <= DENSE_SLOTS
    rank = np.cumsum(candidate) - 1
    current = _slots(terms, 0, candidate, rank, width)
    for offset in range(1, len(terms)):
        slots = _slots(terms, offset, candidate, rank, width)
        if dense:
            table = np.zeros(candidates.size * width, dtype=bool)
            table[slots] = True
            current = current[table[current]]
        else:
            found = np.searchsorted(slots, current)
            current = current[(found < slots.size)
                              & (slots[np.minimum(found, slots.size - 1)] == current)]
        if not current.size:
            return none, none
    docs, freq = np.unique(candidates[current // width], return_counts=True)
    return docs, freq
