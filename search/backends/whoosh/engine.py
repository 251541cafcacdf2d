"""The search engine facade: every front end searches, reads and counts through this.

One long-lived Whoosh searcher per engine, with its facet arrays, refreshed when a writer
has committed since. Whoosh specifics stay in here, `search.backends.whoosh.query` and
`search.backends.whoosh.facets`.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from whoosh import query as wq

from indexer.backends.whoosh import completion
from indexer.backends.whoosh.schema import ENTITY_FIELDS
from indexer.backends.whoosh.store import open_index
from indexer.duplicates.minhash import copies_of
from search.backends.whoosh import ranking
from search.backends.whoosh.bm25f import VectorScorer, expand_patterns, top_k
from search.backends.whoosh.facets import FACETS, FacetIndex, histogram
from search.backends.whoosh.hits import (
    build_hit,
    query_words,
    ranked,
)
from search.backends.whoosh.matches import MaskEvaluator
from search.backends.whoosh.query import QueryBuilder, check_limits
from search.backends.whoosh.stored import index_stats, read_article
from search.backends.whoosh.suggest import suggest
from search.backends.whoosh.workers import side_by_side
from search.errors import ArticleNotFound, QueryError
from search.facet_filter import labels_containing
from search.request import (  # noqa: F401  (re-exported: the front ends' request)
    DEFAULT_FACETS,
    FILTER_FIELDS,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    SearchRequest,
)
from search.results import (
    Article,
    FacetValue,
    Hit,
    SearchResult,
    Stats,
    cross_lang_note,
)

EXPORT_CHUNK = 100


def _resolver(kind: str, text: str) -> list[str]:
    from indexer.entities import resolve

    return resolve(kind, text)


@dataclass
class _Match:
    """A parsed query and the document masks of the query, of each filter, and of both."""

    q: wq.Query
    base: np.ndarray
    masks: dict[str, np.ndarray]
    matched: np.ndarray
    notes: list[str]
    top: list[tuple[int, float]] | None = None  # ranked in the same pass, if it was
    scores: np.ndarray | None = None  # every document's score, for term queries

    def facet_mask(self, name: str) -> np.ndarray:
        """Multi-select: a facet's counts ignore its own filter, so other values stay visible."""
        mask = self.base.copy()
        for other, filter_mask in self.masks.items():
            if other != name:
                mask &= filter_mask
        return mask


COPY_FIELD = "dup_of"  # a later copy's first copy (indexer.duplicates.minhash)
# The fields whose values per document are kept in arrays (search.backends.whoosh.facets):
# the facets, and the copies of a story (walking its terms at every open was slow on a
# large index from a cold disk; figures: BENCHMARKS.md, design measurements).
ARRAY_FIELDS = (*FILTER_FIELDS, COPY_FIELD)


class _State:
    """A searcher with what is derived from it; replaced as a whole when the index changes."""

    def __init__(self, ix):
        self.searcher = ix.searcher(weighting=ranking.weighting())
        self.facets = FacetIndex(self.searcher, ARRAY_FIELDS)
        self.masks = MaskEvaluator(self.searcher, self.facets.live)
        self.vectors = VectorScorer(self.searcher, self.facets.live)
        self.builder = QueryBuilder(ix.schema, self._resolve, self.facets.has)
        self._person_keys: dict[str, list[str]] | None = None
        self.copies = self.facets.documents_with(COPY_FIELD)  # later copies of a story
        self.roots = set(self.facets.values.get(COPY_FIELD, ()))  # the first copies

    def _resolve(self, kind: str, text: str) -> list[str]:
        """Ids a spelling may denote; for a person, also the indexed ids whose cross-script
        key it shares (the index merged 'Гордон Браун' into 'gordon-brown', issue 26.3)."""
        ids = _resolver(kind, text)
        if kind != "person" or any(self.facets.has(kind, i) for i in ids):
            return ids
        from indexer.entities import person_spelling_key
        from indexer.entities.identity import ids_by_key

        key = person_spelling_key(text)
        if key is None:
            return ids
        if self._person_keys is None:  # once per searcher
            self._person_keys = ids_by_key(self.facets.lookup.get("person", {}))
        return ids + self._person_keys.get(key, [])


def _serialized(method):
    """Run a read method under the engine's read lock.

    Whoosh's segment readers seek and read shared file objects: two threads reading at
    once corrupt each other's reads (seen as UnpicklingError under load). Python runs one
    thread at a time anyway, so serializing the reads costs little throughput.
    """

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._read_lock:
            return method(self, *args, **kwargs)

    return locked


class SearchEngine:
    """Search, facets, articles and statistics over one index folder (thread-safe)."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self.ix = open_index(self.index_dir)
        self._lock = threading.Lock()
        self._read_lock = threading.RLock()
        self._state = _State(self.ix)

    def state(self) -> _State:
        """The current searcher state, refreshed if a writer committed since.

        One thread builds the new state while the others keep answering from the current
        one: under a stream of commits, readers never queue behind a rebuild. The old
        searcher is left to close when the last request using it lets go.
        """
        current = self._state
        if current.searcher.up_to_date() or not self._lock.acquire(blocking=False):
            return current
        try:
            if self._state.searcher.up_to_date():  # another thread refreshed meanwhile
                return self._state
            self._state = _State(self.ix)
            return self._state
        finally:
            self._lock.release()

    def _filter_masks(self, st: _State, request: SearchRequest, notes: list[str]) -> dict:
        masks = {}
        for name, values in request.filters.items():
            values = [v for v in values if v and v.strip()]
            if not values:
                continue
            if name in ENTITY_FIELDS:
                ids = []
                for value in values:
                    found = st.builder.entity_ids(name, value)
                    if not found:
                        notes.append(f"no {name} {value!r} in the index")
                    ids.extend(found)
            else:
                ids = [v.strip().lower() for v in values]
            masks[name] = st.facets.value_mask(name, ids)
        if request.since or request.until:
            masks["published"] = st.facets.date_mask(request.since, request.until)
        return masks

    def _match(self, st: _State, request: SearchRequest, rank: bool = False) -> _Match:
        """Parse the query and build the document masks of the query and each filter.

        With `rank`, a query that Whoosh must evaluate (a phrase, say) is ranked for the
        requested page in the same pass that finds its matches.
        """
        request.validate()
        q = st.builder.build(request.query, cross_lang=request.cross_lang,
                             match=request.match)
        check_limits(q, st.searcher.reader())
        q = expand_patterns(q, st.searcher.reader())  # the words of bank*, scored in numpy
        notes = list(st.builder.notes)
        for words, kind, entity_id in st.builder.expanded:
            label, _extra = st.facets.label(kind, entity_id)
            notes.append(f"cross-language: {words!r} also matches {kind} {label} ({entity_id})")
        masks = self._filter_masks(st, request, notes)
        top = scores = None
        if isinstance(q, wq.Every):
            base = st.facets.live.copy()
        else:
            allowed = None if request.all_copies else ~st.copies
            for mask in masks.values():
                allowed = mask if allowed is None else allowed & mask
            limit = request.page * request.per_page if rank and request.sort == "relevance" else 0
            if request.sort in ("relevance", "recent"):  # a term query: scored in one go
                scores = st.vectors.scores(q)
            if scores is not None:
                base = scores > 0
                top = top_k(scores, allowed, limit) if limit else None
            else:
                base, top = st.masks.match(q, allowed, limit)
        if not request.all_copies:  # a story re-published elsewhere counts once
            base = base & ~st.copies
        matched = base.copy()
        for mask in masks.values():
            matched &= mask
        return _Match(q, base, masks, matched, notes, top, scores)

    def _selected(self, st: _State, request: SearchRequest, name: str) -> list[str]:
        values = request.filters.get(name, [])
        if name in ENTITY_FIELDS:
            return [i for v in values for i in st.builder.entity_ids(name, v)]
        return [v.strip().lower() for v in values]

    @_serialized
    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: a page of hits, total, facet counts and histogram."""
        started = time.perf_counter()
        st = self.state()
        match = self._match(st, request, rank=True)
        names = request.facets
        if request.cross_lang and "lang" not in names:
            names = (*names, "lang")  # the per-language counts are the point
        # The counting is numpy's (facets and bars side by side); labels are read after.
        masks = [match.facet_mask(name) for name in names]
        jobs = [functools.partial(st.facets.counts, name, mask)
                for name, mask in zip(names, masks, strict=True)]
        if request.histogram:
            jobs.append(functools.partial(histogram, st.facets, match.matched))
        done = side_by_side(lambda job: job(), jobs)
        facets = {name: FACETS[name].values(st.facets, mask, self._selected(st, request, name),
                                            request.facet_size, counts)
                  for name, mask, counts in zip(names, masks, done, strict=False)}
        total = int(match.matched.sum())
        first = (request.page - 1) * request.per_page
        hits = self._hits(st, match, request, first, request.per_page) if total else []
        suggestion = self._suggest(st, match.q, request) if total == 0 else None
        wider = 0
        if total == 0 and not request.cross_lang and request.query.strip():
            # Nothing in the words as typed: say whether the names match in other languages.
            wider = int(self._match(st, replace(request, cross_lang=True)).matched.sum())
            if wider:
                match.notes.append(cross_lang_note(wider))
        return SearchResult(
            query=request.query, total=total, page=request.page, per_page=request.per_page,
            hits=hits, facets=facets,
            histogram=done[-1] if request.histogram else None,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=suggestion, notes=match.notes, cross_lang_total=wider,
        )

    @_serialized
    def facet_values(self, request: SearchRequest, name: str, contains: str = "",
                     limit: int = 20) -> list[FacetValue]:
        """Values of one facet among the matches whose label contains `contains` (any case,
        any script: "Куп" finds Kupiansk); labels with a word starting so come first."""
        st = self.state()
        match = self._match(st, request)
        every = FACETS[name].values(st.facets, match.facet_mask(name),
                                    self._selected(st, request, name),
                                    len(st.facets.values.get(name, [])))
        return labels_containing(every, contains, limit)

    def iter_matches(self, request: SearchRequest) -> Iterator[Hit]:
        """Every matching article in the requested order, a page at a time (for export)."""
        with self._read_lock:
            st = self.state()
            match = self._match(st, request)
            total = int(match.matched.sum())
            if not total:
                return
            order = ranked(st.searcher, st.facets.days, match.q, match.matched,
                           request.sort, 0, total, filtered=bool(match.masks),
                           scores=match.scores)
            words = query_words(match.q, st.searcher.reader())
        for start in range(0, len(order), EXPORT_CHUNK):
            with self._read_lock:  # a chunk at a time: other requests go on between
                part = order[start:start + EXPORT_CHUNK]
                chunk = self._with_copies(st, part, [build_hit(st.searcher, docnum, score, words)
                                                     for docnum, score in part])
            yield from chunk

    @_serialized
    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Articles most like this one (Whoosh's more-like-this over its own language)."""
        st = self.state()
        docnum = st.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.index_dir}")
        stored = st.searcher.stored_fields(docnum)
        lang = stored.get("lang", "xx")
        found = st.searcher.more_like(docnum, f"body_{lang}", text=stored.get("body", ""),
                                      top=limit)
        return [build_hit(st.searcher, hit.docnum, hit.score, {}) for hit in found]

    def _hits(self, st: _State, match: _Match, request: SearchRequest, first: int,
              count: int) -> list[Hit]:
        if match.top is not None:
            order = match.top[first:first + count]
        else:
            order = ranked(st.searcher, st.facets.days, match.q, match.matched, request.sort,
                           first, count, filtered=bool(match.masks), scores=match.scores,
                           scorer=lambda: st.vectors.scores(match.q))
        if not order:
            return []
        words = query_words(match.q, st.searcher.reader())
        return self._with_copies(st, order, [build_hit(st.searcher, docnum, score, words)
                                             for docnum, score in order])

    @staticmethod
    def _with_copies(st: _State, order: list[tuple[int, float]], hits: list[Hit]) -> list[Hit]:
        """`hits` (built from `order`) with the other copies of each story filled in."""
        for (docnum, _score), hit in zip(order, hits, strict=True):
            if st.copies[docnum] or hit.id in st.roots:  # a story published more than once
                hit.copies = copies_of(st.searcher, hit.id)
        return hits

    def _suggest(self, st: _State, q, request: SearchRequest) -> str | None:
        """The query with its unknown words corrected from the index's vocabulary, offered
        only when it finds something (with the request's filters)."""
        text = request.query
        if isinstance(q, wq.Every) or not text.strip():
            return None

        def has_hits(candidate: str) -> bool:
            try:
                found = self._match(st, replace(request, query=candidate), rank=False)
            except QueryError:
                return False
            return bool(found.matched.any())

        return suggest(st.searcher.reader(), st.searcher.schema, text, has_hits)

    @_serialized
    def article(self, article_id: str) -> Article:
        """The stored article with its entities and mentions (ArticleNotFound if absent)."""
        return read_article(self.state().searcher, self.index_dir, article_id)

    @_serialized
    def stats(self, top: int = 10) -> Stats:
        """Counts per language and source, the date span and the top entities."""
        st = self.state()
        return index_stats(st.searcher, st.facets, st.copies, self.index_dir, top)

    def complete(self, prefix: str, facets: tuple[str, ...] = ("person", "place", "org"),
                 limit: int = 10) -> list[tuple[str, FacetValue]]:
        """Entity names with a word starting with `prefix` (any case and script, apostrophes
        ignored), most articles first, from the completion table written at each commit
        (indexer.backends.whoosh.completion); `source`, or an index written before the
        table, falls back to the facet values whose labels contain the prefix."""
        table = [f for f in facets if f in completion.FACETS]
        if table and completion.exists(self.index_dir):
            found = [(c.facet, FacetValue(value=c.id, label=c.label, count=c.count))
                     for c in completion.lookup(self.index_dir, prefix, table, limit)]
            rest = [f for f in facets if f not in completion.FACETS]
        else:
            found, rest = [], list(facets)
        return found + [(name, value) for name in rest
                        for value in self.facet_values(SearchRequest(), name, prefix, limit)]

    def warm(self) -> None:
        """Load what the first search would otherwise wait for: the entity gazetteer, the
        query analyzers of every language and the cross-language resolvers."""
        _resolver("place", "Kyiv")
        for words in ("Kyiv news", "Київ новини", "Киев новости"):
            self.search(SearchRequest(query=words, cross_lang=True, per_page=1))

    def resolve(self, name: str, value: str) -> list[str]:
        """The facet values a filter value selects: an entity's ids for any spelling."""
        if name in ("person", "place", "org"):
            return self.state().builder.entity_ids(name, value)
        return [value.strip().lower()] if name in ("source", "lang") else [value.strip()]

    def close(self) -> None:
        """Release the searcher."""
        self._state.searcher.close()
