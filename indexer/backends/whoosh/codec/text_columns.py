"""A new segment's text postings as arrays: analyzed, sorted and encoded in numpy.

Whoosh indexes a text field document by document: its analyzer's terms go into a dict of
position lists, each list is pickled (`Positions.encode`), and every (term, document)
posting travels as a tuple through the pool into the postings writer, Python work per
posting that weighed on every sub-writer (figures: BENCHMARKS.md, design measurements). Here a
text field keeps, per document, only the codes of its words (the text split at whitespace, one
dictionary look-up per piece, the tokenizer's regex run once per distinct piece); when the
segment is written, the whole field is expanded into (term, document, position) arrays, sorted
once, and its position lists are encoded as Whoosh's pickles with array arithmetic. Each
term's postings are then written as Whoosh's blocks or inlined in the terms table
(`indexer.backends.whoosh.codec.text_blocks`). The files are byte for byte the ones Whoosh's
own writer makes (`tests/indexer/backends/whoosh/codec/test_bulk_postings.py`), whose blocks
`indexer.backends.whoosh.codec.blocks` compresses so that a merge can renumber them in place.

Only fields whose format is `Positions` and whose analyzer has a word plan
(`indexer.backends.whoosh.terms.term_keys`) take this path;
`indexer.backends.whoosh.codec.postings` decides when.
"""

from __future__ import annotations

import numpy as np
from whoosh.formats import Positions
from whoosh.system import pack_uint

from indexer.backends.whoosh.terms.term_keys import WordPlan
from indexer.backends.whoosh.terms.vocabulary import vocabulary

_PICKLE_LIST = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # protocol 2, [], memo 0
MAX_ENCODED = 1000  # longer position lists are batched by pickle: encoded by Positions


class TextColumns:
    """One text field of a segment being written: per document, the codes of its words
    (numbered by the process's vocabulary of the field's analyzer,
    `indexer.backends.whoosh.terms.vocabulary`)."""

    def __init__(self, plan: WordPlan, boost: float) -> None:
        """Empty columns for a field analyzed by `plan`, with the format's field boost."""
        self.plan = plan
        self.boost = boost
        self.vocab = vocabulary(plan)
        self.docs: list[int] = []
        self.fieldboosts: list[float] = []
        self._expanded: tuple | None = None  # _expand's arrays, shared by postings and pairs
        self.codes: list[np.ndarray] = []

    @property
    def terms(self) -> list[str]:
        """Term id -> text."""
        return self.vocab.terms

    def analyze(self, text: str) -> tuple[np.ndarray, int]:
        """A text's word codes and its length in terms (what Whoosh counts as its length)."""
        return self.vocab.analyze(text)

    def add(self, docnum: int, codes: np.ndarray, fieldboost: float) -> None:
        """Keep one document's codes (documents come in number order)."""
        self.docs.append(docnum)
        self.codes.append(codes)
        self.fieldboosts.append(fieldboost)
        self._expanded = None

    def alone(self, docnum: int, codes: np.ndarray, fieldboost: float) -> TextColumns:
        """Columns holding only this document (codes of this field's words)."""
        lone = TextColumns.__new__(TextColumns)
        lone.__dict__.update(self.__dict__)
        lone.docs, lone.codes, lone.fieldboosts = [docnum], [codes], [fieldboost]
        lone._expanded = None
        return lone

    def expanded(self) -> tuple:
        """(term id, document, position, field boost) of every occurrence (`_expand`),
        computed once for the postings and the pairs of a segment."""
        if self._expanded is None:
            self._expanded = _expand(self)
        return self._expanded

    def postings(self) -> Postings:
        """Every posting of the field, by term (in term order), then document."""
        return Postings(self)

    def pairs(self, words: frozenset[str], fieldname: str) -> list[tuple[bytes, list]]:
        """The pair field's postings (indexer.backends.whoosh.codec.pairs) of these documents,
        by term: every term of a position with every term of the next, both in `words`,
        counted per document; Whoosh's (field, term, document, weight, value) tuples."""
        term, doc, pos, _boost = self.expanded()
        used = _used(term, len(self.terms)).tolist()
        common = np.zeros(len(self.terms), dtype=bool)
        common[used] = [self.terms[t] in words for t in used]
        keep = common[term] if term.size else np.zeros(0, dtype=bool)
        term, doc, pos = term[keep], doc[keep], pos[keep]
        if not term.size:
            return []
        # The terms of one position are neighbours (documents, then positions, in order).
        starts = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (pos[1:] != pos[:-1])])
        sizes = np.diff(np.r_[starts, term.size])
        at_doc, at_pos = doc[starts], pos[starts]
        nexts = np.flatnonzero((at_doc[1:] == at_doc[:-1]) & (at_pos[1:] == at_pos[:-1] + 1))
        wide, narrow = sizes[nexts], sizes[nexts + 1]
        counts = wide * narrow
        pair = np.repeat(np.arange(nexts.size), counts)
        local = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        first = term[starts[nexts][pair] + local // narrow[pair]]
        second = term[starts[nexts + 1][pair] + local % narrow[pair]]
        span = int(doc.max()) + 1
        keys = (first * len(self.terms) + second) * span + at_doc[nexts][pair]
        keys, freq = np.unique(keys, return_counts=True)
        ids, docs = np.divmod(keys, span)
        texts = {i: f"{self.terms[i // len(self.terms)]} {self.terms[i % len(self.terms)]}"
                 .encode() for i in np.unique(ids).tolist()}
        found: dict[bytes, list] = {}
        for i, docnum, n in zip(ids.tolist(), docs.tolist(), freq.tolist(), strict=True):
            found.setdefault(texts[i], []).append(
                (fieldname, texts[i], docnum, float(n), pack_uint(n)))
        return sorted(found.items())


def _used(term: np.ndarray, count: int) -> np.ndarray:
    """The distinct term ids of `term` (ids below `count`), in order, without sorting."""
    present = np.zeros(count, dtype=bool)
    present[term] = True
    return np.flatnonzero(present)


def _expand(columns: TextColumns):
    """(term id, document, position, field boost) of every term occurrence, doc order."""
    counts = np.array([len(c) for c in columns.codes], dtype=np.int64)
    codes = np.concatenate(columns.codes) if columns.codes else np.zeros(0, np.int32)
    ends = np.cumsum(counts)
    doc_of = np.repeat(np.array(columns.docs, dtype=np.int64), counts)
    boost_of = np.repeat(np.array(columns.fieldboosts, dtype=np.float64), counts)
    token = np.arange(len(codes), dtype=np.int64) - np.repeat(ends - counts, counts)
    vocab = columns.vocab
    nterms = vocab.nterms[codes]
    kept = np.flatnonzero(nterms)
    doc, pos = doc_of[kept], token[kept]
    if columns.plan.renumber and len(kept):
        # A renumbering StopFilter numbers kept words on from the first kept one.
        starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        runs = np.diff(np.r_[starts, len(kept)])
        pos = np.repeat(pos[starts], runs) + (np.arange(len(kept)) - np.repeat(starts, runs))
    first = np.array(vocab.first, dtype=np.int64)[codes[kept]]
    flat = np.array(vocab.flat, dtype=np.int64)
    many = nterms[kept]
    boost = boost_of[kept]
    if len(many) and many.max() > 1:  # words with several terms (lemmas) at one position
        which = np.repeat(np.arange(len(kept)), many)
        offsets = np.arange(len(which)) - np.repeat(np.cumsum(many) - many, many)
        first, doc, pos, boost = first[which] + offsets, doc[which], pos[which], boost[which]
    return flat[first], doc, pos, boost


def _encode_positions(freq: np.ndarray, starts: np.ndarray, pos: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`Positions.encode` of every posting (a count, then the pickled position deltas), in
    one buffer where each value is framed as a protocol-3 pickle item of bytes: its opcode
    and length before it, BINPUT and a memo index (left 0 here) after it. Returns the
    buffer and where each value begins and ends in it."""
    deltas = pos - np.r_[0, pos[:-1]]
    deltas[starts] = pos[starts]
    item = np.where(deltas < 256, 2, np.where(deltas < 65536, 3, 5))
    sizes = np.add.reduceat(item, starts) + 9 + np.where(freq == 1, 2, 3) if len(pos) else item
    longer = {i: Positions().encode(pos[starts[i]:starts[i] + freq[i]].tolist())
              for i in np.flatnonzero(freq > MAX_ENCODED).tolist()}  # pickle batches those
    for i, value in longer.items():  # longer than computed: the writes below stay inside
        sizes[i] = len(value)
    head = np.where(sizes < 256, 2, 5)
    framed = np.cumsum(head + sizes + 2)
    ends = framed - 2
    begins = ends - sizes
    buf = np.zeros(int(framed[-1]) if len(framed) else 0, dtype=np.uint8)
    short = sizes < 256
    buf[begins[short] - 2] = ord("C")  # SHORT_BINBYTES, length
    buf[begins[short] - 1] = sizes[short]
    buf[begins[~short] - 5] = ord("B")  # BINBYTES, 4-byte length
    for byte in range(4):
        buf[begins[~short] - 4 + byte] = (sizes[~short] >> (8 * byte)) & 255
    buf[ends] = ord("q")  # BINPUT
    for shift, offset in ((24, 0), (16, 1), (8, 2), (0, 3)):
        buf[begins + offset] = (freq >> shift) & 255
    for offset, byte in enumerate(_PICKLE_LIST):
        buf[begins + 4 + offset] = byte
    multi = freq > 1
    buf[begins[multi] + 9] = ord("(")
    running = np.cumsum(item) - item
    at = (np.repeat(begins + 9 + multi, freq) + running
          - np.repeat(running[starts], freq))
    buf[at] = np.where(item == 2, ord("K"), np.where(item == 3, ord("M"), ord("J")))
    for byte in range(4):
        wide = item > byte + 1 if byte else slice(None)
        buf[at[wide] + 1 + byte] = (deltas[wide] >> (8 * byte)) & 255
    buf[ends - 2] = np.where(multi, ord("e"), ord("a"))
    buf[ends - 1] = ord(".")
    for i, value in longer.items():
        buf[begins[i]:ends[i]] = np.frombuffer(value, dtype=np.uint8)
    return buf, begins, ends


class Postings:
    """A field's postings, sorted by term then document: ids, weights and encoded values
    (in one framed buffer, `_encode_positions`)."""

    def __init__(self, columns: TextColumns) -> None:
        """Expand, sort and encode `columns`."""
        term, doc, pos, fieldboost = columns.expanded()
        used = _used(term, len(columns.terms))
        texts = [columns.terms[t] for t in used.tolist()]
        order = sorted(range(len(texts)), key=texts.__getitem__)
        rank = np.zeros(len(columns.terms), dtype=np.int64)
        rank[used[order]] = np.arange(len(order))
        self.texts = [texts[i] for i in order]  # rank -> term text
        key = rank[term]
        # Stable: each term's postings stay in document order. A key of 16 bits (at most
        # 65,536 terms) sorts by radix, faster than the stable sort of wider keys.
        perm = np.argsort(key.astype(np.uint16) if len(order) <= 65536 else key, kind="stable")
        key, doc, pos, fieldboost = key[perm], doc[perm], pos[perm], fieldboost[perm]
        # A field empty in every document has no postings (and no first one to start a run).
        change = np.r_[True, (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])][:len(key)]
        starts = np.flatnonzero(change)
        freq = np.diff(np.r_[starts, len(key)])
        self.docs = doc[starts]
        self.term_rank = key[starts]
        weights = freq.astype(np.float64) * columns.boost * fieldboost[starts]
        self.weights = weights  # as Whoosh computes them (doubles)
        self.stored = weights.astype(np.float32).astype(np.float64)  # as its arrays hold them
        self.buffer, self.begins, self.ends = _encode_positions(freq, starts, pos)
        self._values: list[bytes] | None = None

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def values(self) -> list[bytes]:
        """Each posting's encoded positions."""
        if self._values is None:
            raw = self.buffer.tobytes()
            self._values = [raw[b:e] for b, e in zip(self.begins.tolist(), self.ends.tolist(),
                                                     strict=True)]
        return self._values

    def tuples(self, fieldname: str):
        """Whoosh's (field, term bytes, document, weight, value) tuples, in order."""
        encoded = [t.encode("utf-8") for t in self.texts]
        for rank, docnum, weight, value in zip(self.term_rank.tolist(), self.docs.tolist(),
                                               self.weights.tolist(), self.values, strict=True):
            yield fieldname, encoded[rank], docnum, weight, value
