"""BM25F scores of a whole query at once, in numpy, from decoded posting blocks.

Whoosh scores a query one document at a time through a tree of Python matchers: a query
matching half of a large archive spends most of its time there. For a tree of plain terms
and exact phrases (And, Or, AndNot, AndMaybe, Not; what the query builder makes of words,
"phrases" and boolean operators), this module computes every matching document's score
with array operations: each term's posting blocks are decoded once (ids and weights),
document lengths come from the segment's length column, and the tree combines dense score
arrays the way Whoosh's matchers do (a sum over the matching children). Term scores equal
Whoosh's BM25F exactly; phrases (`search.backends.whoosh.phrases`) are scored as Lucene does. A
score of 0
means "no match": BM25F with Lucene's idf is positive for every match. Other queries
(ranges, sloppy phrases) return None and are left to Whoosh. Prefixes, wildcards, regular
expressions and fuzzy terms are first replaced by the words they expand to in the index
(`expand_patterns`), so they are scored here too.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import _lenfield
from whoosh.util.numeric import _length_byte_cache

from indexer.backends.whoosh.codec.io import read_ahead
from indexer.backends.whoosh.codec.pairs import pair_term
from search.backends.whoosh.matches import read_ahead_postings, term_postings
from search.backends.whoosh.phrases import (
    PHRASE_KEYS,
    occurrence_keys,
    phrase_frequencies,
    phrase_parts,
)
from search.backends.whoosh.workers import side_by_side

_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)
MAX_REMEMBERED = 100_000  # terms whose segments a searcher remembers (see _leaves_with)


class _PhrasePlan(NamedTuple):
    """A phrase to look up in each segment: its field, words (each word's alternatives, as
    bytes), summed idf, the field's average length, and its pair term if it has one."""

    q: wq.Query
    fieldname: str
    field: object
    parts: list[list[bytes]]
    idf: float
    avgfl: float
    # (field, term) of a pair of common words (indexer.backends.whoosh.codec.pairs)
    pair: tuple[str, bytes] | None


def supported(q: wq.Query, weighting) -> bool:
    """Whether `q` is a tree this module scores exactly as Whoosh does."""
    if q is wq.NullQuery:
        return True
    if type(q) is wq.Term or phrase_parts(q) is not None:
        return isinstance(weighting, scoring.BM25F)
    if type(q) is wq.And and q.boost == 1.0:  # a Not child scores 1 where it matches
        return all(_filter_only(c, weighting) if type(c) is wq.Not else supported(c, weighting)
                   for c in q.subqueries)
    if type(q) is wq.Or and not getattr(q, "minmatch", 0) and q.boost == 1.0:
        return all(supported(c, weighting) for c in q.subqueries)
    if type(q) is wq.AndNot:
        return supported(q.a, weighting) and _filter_only(q.b, weighting)
    if type(q) is wq.AndMaybe:
        return supported(q.a, weighting) and supported(q.b, weighting)
    return False


def expand_patterns(q: wq.Query, reader) -> wq.Query:
    """`q` with every prefix, wildcard, regex or fuzzy term replaced by the Or of the words
    it expands to in `reader`, each a Term with the pattern's boost (nothing if none).

    A pattern then scores as the BM25F sum of its words, Lucene's scoring rewrite, on
    every path. (Whoosh's own matcher scores a pattern so only in segments over 5,000
    documents; in smaller ones a pattern of three words or more scores a constant 1, and
    one of a single word drops its boost.) Every other node keeps all its settings (a
    near phrase its slop)."""
    if isinstance(q, wq.MultiTerm):
        field = reader.schema[q.fieldname] if q.fieldname in reader.schema.names() else None
        words = [field.from_bytes(b) for b in q._btexts(reader) if b] if field else []
        terms = [wq.Term(q.fieldname, w, boost=q.boost) for w in words]
        return terms[0] if len(terms) == 1 else wq.Or(terms) if terms else wq.NullQuery
    if q.is_leaf() or not any(isinstance(leaf, wq.MultiTerm) for leaf in q.leaves()):
        return q
    if isinstance(q, wq.CompoundQuery):  # a copy keeps slop, order, minmatch (apply drops them)
        expanded = copy.copy(q)
        expanded.subqueries = [expand_patterns(child, reader) for child in q.subqueries]
        if isinstance(q, wq.BinaryQuery):  # AndNot, AndMaybe, ...: its children by name too
            expanded.a, expanded.b = expanded.subqueries
        return expanded
    return q.apply(lambda child: expand_patterns(child, reader))


def _filter_only(q: wq.Query, weighting) -> bool:
    """A subtree whose matches only exclude (its scores are never used)."""
    if type(q) is wq.Not:
        return _filter_only(q.query, weighting)
    return supported(q, weighting)


class VectorScorer:
    """Scores term trees over one searcher's segments; lengths are decoded once per field."""

    def __init__(self, searcher, live: np.ndarray):
        self.searcher = searcher
        self.live = live
        self.size = live.size
        self.leaves = searcher.leaf_searchers()
        self._lengths: dict[tuple[int, str], np.ndarray] = {}
        self._present: dict[tuple[str, bytes], tuple] = {}  # see _leaves_with

    def scores(self, q: wq.Query) -> np.ndarray | None:
        """BM25F score of every live document (0: no match), or None for other queries."""
        if not supported(q, self.searcher.weighting):
            return None
        out = self._eval(q)
        return np.zeros(self.size) if out is None else np.multiply(out, self.live, out=out)

    def _eval(self, q: wq.Query) -> np.ndarray | None:
        """Scores of a subtree; None when nothing matches (saves dense zero arrays)."""
        if q is wq.NullQuery:
            return None
        if type(q) is wq.Term:
            return self._term(q)
        if _is_phrase(q):
            return self._phrase(q)
        if type(q) is wq.Or:  # summed into one array: no dense array per child term
            total = None
            phrases = [c for c in q.subqueries if _is_phrase(c)]
            if phrases:  # a phrase in each language's field: their segments in one batch
                total = np.zeros(self.size)
                if not self._add_phrases(phrases, total):
                    total = None
            for child in q.subqueries:
                if _is_phrase(child):
                    continue
                if type(child) is wq.Term and total is not None:
                    self._add_term(child, total)
                    continue
                part = self._eval(child)
                if part is not None:
                    total = part if total is None else np.add(total, part, out=total)
            return total
        if type(q) is wq.And:
            return self._and(q)
        if type(q) is wq.AndNot:
            a = self._eval(q.a)
            b = self._match(q.b)
            return a if a is None or b is None else np.where(b, 0.0, a)
        a, b = self._eval(q.a), self._eval(q.b)  # AndMaybe: a, plus b where a matches
        return a if a is None or b is None else np.where(a > 0, a + b, 0.0)

    def _and(self, q: wq.And) -> np.ndarray | None:
        total = None
        for child in q.subqueries:
            if type(child) is wq.Not:  # Whoosh's InverseMatcher: weight 1 where it matches
                part = self._match(child).astype(np.float64)
            else:
                part = self._eval(child)
            if part is None:
                return None
            if total is None:
                total = part
            else:
                both = (total > 0) & (part > 0)
                np.add(total, part, out=total)
                np.multiply(total, both, out=total)
        return total

    def _match(self, q: wq.Query) -> np.ndarray | None:
        """Matches of an exclusion subtree (Not inverts)."""
        if type(q) is wq.Not:
            inner = self._match(q.query)
            return np.ones(self.size, bool) if inner is None else ~inner
        part = self._eval(q)
        return None if part is None else part > 0

    def _term(self, q: wq.Term) -> np.ndarray | None:
        out = np.zeros(self.size)
        return out if self._add_term(q, out) else None

    def _add_term(self, q: wq.Term, out: np.ndarray) -> bool:
        """Add a term's scores to `out`; False when the term is not in the index."""
        fieldname = q.fieldname
        schema = self.searcher.schema
        if fieldname not in schema:
            return False
        try:
            btext = schema[fieldname].to_bytes(q.text)
        except ValueError:
            return False
        present = self._leaves_with(fieldname, btext)
        if not present:
            return False
        self._read_ahead(fieldname, btext, "postings")
        segments = [(leaf.reader(), offset, *term_postings(leaf.reader(), fieldname, btext))
                    for leaf, offset in present]
        if schema[fieldname].scorable:
            self._add_bm25(out, fieldname, self.searcher.idf(fieldname, btext),
                           self.searcher.avg_field_length(fieldname) or 1, q.boost, segments)
        else:  # a field without lengths (keywords): Whoosh's score is the weight itself
            docs = np.concatenate([ids + np.int64(offset) for _r, offset, ids, _w in segments])
            out[docs] += np.concatenate([w for _r, _o, _i, w in segments]) * q.boost
        return True

    def _add_bm25(self, out: np.ndarray, fieldname: str, idf: float, avgfl: float,
                  boost: float, segments: list) -> None:
        """Add BM25F scores to `out` for (reader, offset, documents, frequencies) of each
        segment, all segments in one pass (the arithmetic per segment was most of a
        narrow AND at 1M: 16 terms x 23 segments of small numpy calls)."""
        weighting = self.searcher.weighting  # constants as BM25FScorer takes them
        b, k1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
        docs = np.concatenate([ids + np.int64(offset) for _r, offset, ids, _f in segments])
        tf = np.concatenate([freq for _r, _o, _i, freq in segments]).astype(np.float64)
        lengths = np.concatenate([self._field_lengths(reader, offset, fieldname)[ids]
                                  for reader, offset, ids, _f in segments])
        out[docs] += idf * ((tf * (k1 + 1)) / (
            tf + k1 * ((1 - b) + b * lengths / avgfl))) * boost  # documents are unique

    def _phrase(self, q: wq.Query) -> np.ndarray | None:
        out = np.zeros(self.size)
        return out if self._add_phrases([q], out) else None

    def _add_phrases(self, queries: list[wq.Query], out: np.ndarray) -> bool:
        """Add Lucene-style phrase scores of each query to `out` (BM25 of the phrase
        frequency, idf summed over words); False when none is anywhere.

        The segments run in one batch, each with every phrase (a phrase in each language's
        field), largest first: the threads stay busy to the end instead of waiting on each
        phrase's largest segment in turn."""
        plans = []
        for q in queries:
            fieldname, words = phrase_parts(q)
            field = self.searcher.schema[fieldname]
            parts = [[field.to_bytes(w) for w in alternatives] for alternatives in words]
            idfs = [max((self.searcher.idf(fieldname, b) for b in alts
                         if self._leaves_with(fieldname, b)), default=None) for alts in parts]
            if None not in idfs:
                plans.append(_PhrasePlan(q, fieldname, field, parts, sum(idfs),
                                         self.searcher.avg_field_length(fieldname) or 1,
                                         pair_term(self.searcher.schema, fieldname, words)))
        readers = [leaf.reader() for leaf, _offset in self.leaves]
        merged = [plan for plan in plans if plan.pair is None]
        self._decode_phrase_words(merged)
        # One job per segment: a segment's reader shares its file objects, so it must
        # not be read by two threads at once (see search.backends.whoosh.engine._serialized).
        order = sorted(range(len(readers)), key=lambda i: -readers[i].doc_count_all())
        matched = side_by_side(lambda i: [phrase_frequencies(readers[i], plan.fieldname,
                                                             plan.parts) for plan in merged],
                               order) if merged else []
        found, numbers = False, iter(range(len(merged)))
        for plan in plans:  # each phrase scored once over all its segments
            if plan.pair is None:
                n = next(numbers)
                hits = [(readers[i], self.leaves[i][1], *per_plan[n])
                        for i, per_plan in zip(order, matched, strict=True)
                        if per_plan[n][0].size]
            else:  # the pair's postings are the phrase's frequencies
                self._read_ahead(*plan.pair, "postings")
                hits = [(leaf.reader(), offset, *term_postings(leaf.reader(), *plan.pair))
                        for leaf, offset in self._leaves_with(*plan.pair)]
            if hits:
                found = True
                boost = plan.field.format.field_boost
                self._add_bm25(out, plan.fieldname, plan.idf, plan.avgfl, plan.q.boost,
                               [(reader, offset, docs, freq * boost)
                                for reader, offset, docs, freq in hits])
        return found

    def _decode_phrase_words(self, plans: list[_PhrasePlan]) -> None:
        """Decode the occurrences of every phrase word in every segment not decoded yet,
        here, one after another, after asking the disk for all of them at once.

        Decoding holds the interpreter lock (pickles); beside the merges on the worker
        threads it made a first phrase search 1.5x slower."""
        unread = [(reader, plan.fieldname, btext) for plan in plans
                  for btext in (b for alternatives in plan.parts for b in alternatives)
                  for reader in self._read_ahead(plan.fieldname, btext, PHRASE_KEYS)]
        for reader, fieldname, btext in unread:
            occurrence_keys(reader, fieldname, btext)

    def _leaves_with(self, fieldname: str, btext: bytes) -> tuple:
        """The (leaf, offset) pairs whose segment has the term; remembered for this
        searcher (a term look-up in each segment's hash table was 10% of a phrase query)."""
        memo = self._present
        found = memo.get((fieldname, btext))
        if found is None:
            if len(memo) >= MAX_REMEMBERED:
                memo.clear()
            found = memo[fieldname, btext] = tuple(
                (leaf, offset) for leaf, offset in self.leaves
                if (fieldname, btext) in leaf.reader())
        return found

    def _read_ahead(self, fieldname: str, btext: bytes, kind: str) -> list:
        """Ask the disk for a term's postings (and its field's lengths) in every segment
        that has it, all at once; the readers whose `kind` of postings is not decoded yet."""
        unread = []
        scorable = self.searcher.schema[fieldname].scorable
        for leaf, offset in self._leaves_with(fieldname, btext):
            reader = leaf.reader()
            if read_ahead_postings(reader, fieldname, btext, kind):
                unread.append(reader)
            if scorable and (offset, fieldname) not in self._lengths:
                column = _length_column(reader, fieldname)
                if column is not None:
                    read_ahead(*column)
                    column[0].close()
        return unread

    def _field_lengths(self, reader, offset: int, fieldname: str) -> np.ndarray:
        """A segment's document lengths in a field (Whoosh's one-byte approximation)."""
        key = (offset, fieldname)
        if key not in self._lengths:
            doccount = reader.doc_count_all()
            raw = np.zeros(doccount, dtype=np.uint8)
            column = _length_column(reader, fieldname)
            if column is not None:
                colfile, base, length = column
                data = np.frombuffer(colfile.get(base, length), dtype=np.uint8)
                raw[:data.size] = data[:doccount]
                colfile.close()
            self._lengths[key] = _BYTE_TO_LENGTH[raw]
        return self._lengths[key]


def _length_column(reader, fieldname: str) -> tuple | None:
    """(file, start, size) of a segment's length column of a field; None without one."""
    perdoc = reader._perdoc
    lenfield = _lenfield(fieldname)
    return perdoc._get_column_file(lenfield) if perdoc.has_column(lenfield) else None


def top_k(scores: np.ndarray, allowed: np.ndarray | None, k: int) -> list[tuple[int, float]]:
    """The k best (docnum, score) among `allowed`, ties broken by the lower docnum."""
    docs = np.flatnonzero(scores > 0)
    if allowed is not None:
        docs = docs[allowed[docs]]
    if k <= 0 or not docs.size:
        return []
    if docs.size > k:  # keep every document tied with the k-th best, then order exactly
        kth = np.partition(scores[docs], docs.size - k)[docs.size - k]
        docs = docs[scores[docs] >= kth]
    order = np.lexsort((docs, -scores[docs]))[:k]
    return [(int(d), float(scores[d])) for d in docs[order]]


def _is_phrase(q: wq.Query) -> bool:
    """Whether a query is one phrase (not a combination of them)."""
    return type(q) is not wq.Or and type(q) is not wq.And and phrase_parts(q) is not None
