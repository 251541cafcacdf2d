"""Phrases matched with arrays: sorted occurrence keys, merged.

Whoosh checks a phrase one candidate document at a time through span matchers, slow for two
common words in a large archive (figures: BENCHMARKS.md, design measurements). Here each
word's occurrences in a segment are decoded once into one sorted array of keys,
document << bits | position (kept, see search.backends.whoosh.postings), and the phrase holds
at key k when word i occurs at k + i: the rarest word's keys are the candidate starts, and
each other word keeps the starts it follows, by binary search when they are few and by a
linear merge of the two sorted arrays otherwise. Scoring follows Lucene's phrase query: BM25
with the phrase's frequency in the document as tf and the summed idf of its words. A phrase
of two common words does not come here: its pair's postings hold those frequencies
(indexer.backends.whoosh.codec.pairs, search.backends.whoosh.bm25f)."""

from __future__ import annotations

from pickle import loads

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.system import _INT_SIZE

from search.backends.whoosh.matches import blocks
from search.backends.whoosh.postings import CACHE, term_key


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
    if not isinstance(matcher, W3LeafMatcher):  # a short list inlined in the terms table
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
    buf = np.frombuffer(joined, dtype=np.uint8)
    sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    starts = np.cumsum(sizes) - sizes
    counts = np.zeros(len(values), dtype=np.int64)
    for i in range(4):  # the count: 4 bytes, big-endian
        counts = (counts << 8) | buf[starts + i]
    head = starts[:, None] + 4 + np.arange(4)
    if (not np.array_equal(buf[head], np.broadcast_to(_HEADER, head.shape))
            or counts.max() > 1000 or counts.min() < 1):
        return _slow_deltas(values)
    out = np.empty(int(counts.sum()), dtype=np.int64)
    # Postings still being read: where their next item is, where it goes, items left.
    at = starts + 9 + (counts > 1)  # after "q\0", and the MARK of a list of several
    dest, left = np.cumsum(counts) - counts, counts
    while at.size:
        op = buf[at]
        value = buf[at + 1].astype(np.int64)
        step = 2
        short = op == _K
        if not short.all():
            medium, wide = op == _M, op == _J
            if not (short | medium | wide).all():
                return _slow_deltas(values)
            far = at[~short]
            more = value[~short] | (buf[far + 2].astype(np.int64) << 8)
            most = more | (buf[far + 3].astype(np.int64) << 16) | (
                buf[far + 4].astype(np.int64) << 24)
            most = np.where(most >= 1 << 31, most - (1 << 32), most)  # signed
            value[~short] = np.where(medium[~short], more, most)
            step = np.where(short, 2, np.where(medium, 3, 5))
        out[dest] = value
        at, dest, left = at + step, dest + 1, left - 1
        going = left > 0
        if not going.all():
            at, dest, left = at[going], dest[going], left[going]
    return counts, out


# what a term's occurrence keys are kept under (search.backends.whoosh.postings)
PHRASE_KEYS = "phrase-keys"
_SHIFT = 32  # a wide key: document << 32 | position
_MARGIN = 256  # a compact key's positions stay this far below its limit (see _compact)


def _position_bits(reader) -> int:
    """Bits left for a position when a segment's keys are 32 bits: those its document
    numbers do not need."""
    return 32 - max(1, reader.doc_count_all().bit_length())


def occurrence_keys(reader, fieldname: str, btext: bytes) -> np.ndarray:
    """Sorted keys of every occurrence of one term in one segment (none when the segment
    lacks it); decoded once and kept (search.backends.whoosh.postings).

    A key is document << bits | position. The keys are compact, uint32 with the
    segment's position bits (`_position_bits`), when every position is `_MARGIN` below
    their limit: half the memory, and faster merges in `_follow` (figures: BENCHMARKS.md,
    design measurements). Otherwise they are wide, int64 with 32 position bits (a very
    long article in a large segment).
    """
    def decode() -> tuple[np.ndarray]:
        if (fieldname, btext) not in reader:  # remembered too: an empty array
            return (np.zeros(0, np.uint32),)
        parts = _blocks(reader, fieldname, btext)
        ids = np.concatenate([i for i, _v in parts])
        counts, flat = decode_deltas([v for _i, values in parts for v in values])
        # Positions are deltas within each posting: cumulative sums restarted per posting.
        running = np.cumsum(flat)
        starts = np.cumsum(counts) - counts
        positions = running - np.repeat(running[starts] - flat[starts], counts)
        bits = _position_bits(reader)
        if positions.max() < (1 << bits) - _MARGIN:
            return ((np.repeat(ids << bits, counts) | positions).astype(np.uint32),)
        return (np.repeat(ids << _SHIFT, counts) | positions,)

    return CACHE.get(term_key(reader, PHRASE_KEYS, fieldname, btext), decode)[0]


def _widened(keys: np.ndarray, bits: int) -> np.ndarray:
    """Wide keys (int64, 32 position bits) of compact or wide ones."""
    if keys.dtype == np.int64:
        return keys
    wide = keys.astype(np.int64)
    return ((wide >> bits) << _SHIFT) | (wide & ((1 << bits) - 1))


def _shifted(keys: np.ndarray, delta: int, out: np.ndarray | None = None) -> np.ndarray:
    """keys + delta (a negative delta wraps below a document's first position to a
    position no word has: see phrase_frequencies)."""
    if delta >= 0:
        return np.add(keys, delta, out=out)
    return np.subtract(keys, -delta, out=out)


def _follow(starts: np.ndarray, keys: np.ndarray, delta: int) -> np.ndarray:
    """The starts k for which k + delta is one of `keys` (both sorted, unique).

    Few starts are looked up by binary search; otherwise both sorted lists are merged (a
    stable sort of two sorted runs is one linear merge) and equal neighbours kept.
    """
    if starts.size * 16 < keys.size:
        wanted = _shifted(starts, delta)
        found = np.searchsorted(keys, wanted)
        return starts[keys[np.minimum(found, keys.size - 1)] == wanted]
    merged = np.empty(starts.size + keys.size, dtype=keys.dtype)
    _shifted(starts, delta, out=merged[:starts.size])
    merged[starts.size:] = keys
    merged.sort(kind="stable")
    return _shifted(merged[1:][merged[1:] == merged[:-1]], -delta)


def phrase_frequencies(reader, fieldname: str, parts: list[list[bytes]]
                       ) -> tuple[np.ndarray, np.ndarray]:
    """(documents, occurrences) of the phrase in one segment, deleted documents included.

    Each word's occurrences are sorted keys (document << bits | position); a phrase
    starts at key k when word i occurs at k + i. The rarest word's keys (at offset r) are
    the candidates, and each other word j keeps those c for which it occurs at c + j - r:
    no per-document loop, and no document is looked at twice. Positions stay below their
    limit by more than the phrase's length, so c + j - r never reaches the next document
    going up; going down from a position under r - j it wraps to a position (or, from the
    first document, a document) no word has, so such a candidate matches nothing.
    """
    none = np.zeros(0, np.int64)
    words: list[tuple[int, np.ndarray]] = []
    for offset, alternatives in enumerate(parts):
        present = [k for k in (occurrence_keys(reader, fieldname, b) for b in alternatives)
                   if k.size]
        if not present:
            return none, none
        words.append((offset, present))
    bits = _position_bits(reader)
    if len(parts) >= _MARGIN or any(k.dtype != np.uint32 for _o, ks in words for k in ks):
        words = [(o, [_widened(k, bits) for k in ks]) for o, ks in words]
        bits = _SHIFT
    words = [(o, ks[0] if len(ks) == 1 else np.unique(np.concatenate(ks))) for o, ks in words]
    words.sort(key=lambda word: word[1].size)
    rarest, starts = words[0]  # candidates: the rarest word's keys, not yet shifted
    for offset, keys in words[1:]:
        starts = _follow(starts, keys, offset - rarest)
        if not starts.size:
            return none, none
    docs = (starts >> bits).astype(np.int64)  # a candidate's document is its phrase's
    first = np.flatnonzero(np.concatenate(([True], docs[1:] != docs[:-1])))
    return docs[first], np.diff(np.append(first, docs.size))
