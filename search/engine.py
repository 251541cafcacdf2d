"""The search engine facade: every front end searches, reads and counts through this.

One long-lived Whoosh searcher per engine, with its facet arrays, refreshed when a writer
has committed since. Whoosh specifics stay in here, `search.query` and `search.facets`.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
from whoosh import query as wq

from indexer.schema import ENTITY_FIELDS
from indexer.writer import open_index
from search import highlight
from search.errors import ArticleNotFound, QueryError
from search.facets import FACETS, FacetIndex, histogram
from search.query import QueryBuilder
from search.results import Article, FacetValue, Hit, SearchResult, Stats

FILTER_FIELDS = ("person", "place", "org", "date", "source", "lang")
DEFAULT_FACETS = ("person", "place", "org", "source", "lang")
SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass
class SearchRequest:
    """What to search for: query text, filters (any spelling of an entity), sort, page."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facets: tuple[str, ...] = DEFAULT_FACETS
    facet_size: int = 10
    histogram: bool = True

    def validate(self) -> None:
        """Raise QueryError for a parameter out of range."""
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"page size must be between 1 and {MAX_PER_PAGE}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 0 <= self.facet_size <= 1000:
            raise QueryError("facet size must be between 0 and 1000")
        for name in (*self.filters, *self.facets):
            if name not in FILTER_FIELDS:
                raise QueryError(f"unknown facet {name!r}; facets are {', '.join(FILTER_FIELDS)}")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"--since {self.since} is after --until {self.until}")


def _resolver(kind: str, text: str) -> list[str]:
    from indexer.entities import resolve

    return resolve(kind, text)


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _entities(mentions: list[dict], kind: str) -> list[dict]:
    seen: dict[str, dict] = {}
    for m in mentions:
        if m["type"] == kind and m["id"] not in seen:
            entity = {"id": m["id"], "name": m["name"]}
            if kind == "place":
                entity.update(lat=m.get("lat"), lon=m.get("lon"), country=m.get("country"))
            seen[m["id"]] = entity
    return list(seen.values())


class _State:
    """A searcher with what is derived from it; replaced as a whole when the index changes."""

    def __init__(self, ix):
        self.searcher = ix.searcher()
        self.facets = FacetIndex(self.searcher, FILTER_FIELDS)
        self.builder = QueryBuilder(ix.schema, _resolver, self.facets.has)


class SearchEngine:
    """Search, facets, articles and statistics over one index folder."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self.ix = open_index(self.index_dir)
        self._lock = threading.Lock()
        self._state = _State(self.ix)

    def state(self) -> _State:
        """The current searcher state, refreshed if a writer committed since."""
        with self._lock:
            if not self._state.searcher.up_to_date():
                old = self._state
                self._state = _State(self.ix)
                old.searcher.close()
            return self._state

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

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: a page of hits, total, facet counts and histogram."""
        started = time.perf_counter()
        request.validate()
        st = self.state()
        q = st.builder.build(request.query)
        notes = list(st.builder.notes)
        idx = st.facets
        base = idx.live.copy() if isinstance(q, wq.Every) else idx.mask_of(
            st.searcher.docs_for_query(q))
        masks = self._filter_masks(st, request, notes)
        matched = base.copy()
        for mask in masks.values():
            matched &= mask
        facets = {}
        for name in request.facets:
            # Multi-select: a facet's counts ignore its own filter, so other values stay visible.
            facet_mask = base.copy()
            for other, mask in masks.items():
                if other != name:
                    facet_mask &= mask
            selected = request.filters.get(name, [])
            if name in ENTITY_FIELDS:
                selected = [i for v in selected for i in st.builder.entity_ids(name, v)]
            else:
                selected = [v.strip().lower() for v in selected]
            facets[name] = FACETS[name].values(idx, facet_mask, selected, request.facet_size)
        total = int(matched.sum())
        hits = self._hits(st, q, matched, request, total, filtered=bool(masks))
        suggestion = self._suggest(st, q, request.query) if total == 0 else None
        return SearchResult(
            query=request.query, total=total, page=request.page, per_page=request.per_page,
            hits=hits, facets=facets,
            histogram=histogram(idx, matched) if request.histogram else None,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=suggestion, notes=notes,
        )

    def _ranked(self, st: _State, q, matched: np.ndarray, request: SearchRequest,
                filtered: bool) -> list[tuple[int, float | None]]:
        """(docnum, score) of the requested page, best or newest first."""
        first = (request.page - 1) * request.per_page
        if request.sort == "relevance" and not isinstance(q, wq.Every):
            allowed = set(np.flatnonzero(matched).tolist()) if filtered else None
            results = st.searcher.search(q, limit=first + request.per_page, filter=allowed)
            return [(hit.docnum, hit.score) for hit in results[first:]]
        docs = np.flatnonzero(matched)
        days = st.facets.days[docs]
        # Newest first by default; undated articles last either way; ties by index order.
        keys = -days if request.sort != "oldest" else np.where(
            days == np.iinfo(np.int32).min, np.iinfo(np.int64).max, days)
        order = np.lexsort((-docs, keys))
        return [(int(d), None) for d in docs[order][first:first + request.per_page]]

    def _hits(self, st: _State, q, matched: np.ndarray, request: SearchRequest,
              total: int, filtered: bool) -> list[Hit]:
        if total == 0:
            return []
        words: dict[str, set[str]] = {}
        # all_terms() for plain terms; existing_terms(expand) adds what wildcards expand to.
        terms = set(q.all_terms()) | q.existing_terms(st.searcher.reader(), expand=True)
        for fieldname, text in terms:
            if fieldname.startswith(("title_", "body_")):
                lang = fieldname.split("_", 1)[1]
                words.setdefault(lang, set()).add(
                    text.decode("utf-8") if isinstance(text, bytes) else text)
        hits = []
        for docnum, score in self._ranked(st, q, matched, request, filtered):
            stored = st.searcher.stored_fields(docnum)
            record = json.loads(stored.get("record") or "{}")
            mentions = record.get("mentions", [])
            lang = stored.get("lang", "xx")
            terms = words.get(lang, set())
            hits.append(Hit(
                id=stored["id"],
                title=highlight.mark_title(stored.get("title") or highlight.lead(
                    stored.get("body", "")), terms, lang),
                url=stored.get("url"), source=stored.get("source"),
                published=_iso(stored.get("published")), language=lang,
                snippet=highlight.snippet(stored.get("body", ""), terms, lang),
                people=_entities(mentions, "person"), places=_entities(mentions, "place"),
                orgs=_entities(mentions, "org"),
                dates=sorted({m["id"] for m in mentions if m["type"] == "date"}),
                score=None if score is None else round(float(score), 4),
            ))
        return hits

    def _suggest(self, st: _State, q, text: str) -> str | None:
        """A corrected query from the index's own vocabulary, when one differs."""
        if isinstance(q, wq.Every) or not text.strip():
            return None
        try:
            corrected = st.searcher.correct_query(q, text)
        except Exception:  # a suggestion is optional, never an error
            return None
        return corrected.string if corrected.query != q else None

    def article(self, article_id: str) -> Article:
        """The stored article with its entities and mentions."""
        st = self.state()
        docnum = st.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.index_dir}")
        stored = st.searcher.stored_fields(docnum)
        record = json.loads(stored.get("record") or "{}")
        mentions = record.get("mentions", [])
        return Article(
            id=stored["id"], title=stored.get("title") or highlight.lead(stored.get("body", "")),
            body=stored.get("body", ""),
            url=stored.get("url"), source=stored.get("source"),
            published=_iso(stored.get("published")), language=stored.get("lang", "xx"),
            authors=record.get("authors", []), origins=record.get("origins", []),
            people=_entities(mentions, "person"), places=_entities(mentions, "place"),
            orgs=_entities(mentions, "org"),
            dates=sorted({m["id"] for m in mentions if m["type"] == "date"}),
            mentions=mentions,
        )

    def stats(self, top: int = 10) -> Stats:
        """Counts per language and source, the date span and the top entities."""
        st = self.state()
        idx = st.facets
        live = idx.live
        inputs = sum(len(json.loads(d.get("record") or "{}").get("origins", [])) or 1
                     for d in st.searcher.all_stored_fields())
        dated = idx.days[live & (idx.days > np.iinfo(np.int32).min)]

        def day(value) -> str | None:
            return None if value is None else str(np.datetime64(int(value), "D"))

        def values(name: str, size: int) -> list[FacetValue]:
            return FACETS[name].values(idx, live, [], size)

        size = sum(f.stat().st_size for f in self.index_dir.iterdir() if f.is_file())
        return Stats(
            articles=int(live.sum()), inputs=inputs,
            languages=values("lang", 100), sources=values("source", top),
            first_published=day(dated.min()) if dated.size else None,
            last_published=day(dated.max()) if dated.size else None,
            undated=int(live.sum() - dated.size),
            top={name: values(name, top) for name in ("person", "place", "org")},
            index_dir=str(self.index_dir), size_bytes=size,
        )

    def close(self) -> None:
        """Release the searcher."""
        self._state.searcher.close()
