"""The read side of an OpenSearch index: `OpenSearchEngine`, the `SearchBackend` of an
`opensearch://host:port/index` address.

Queries are parsed by newsdex's own parser (`search.backends.whoosh.query_tree`) and sent
as the DSL (`search.backends.opensearch.dsl`); facets and the timeline are aggregations
(`search.backends.opensearch.aggs`); export reads every match through a point in time with
`search_after` (no 10,000 window). Answers equal the Whoosh backend's in totals, facet
counts and timeline (the contract tests and `benchmarks/opensearch_parity.py` compare);
scores differ: Lucene's BM25 per shard, not newsdex's BM25F over one index, so equal
totals may rank differently.
Failures: IndexUnavailable (no index at the address, a cluster that does not answer, not a
newsdex index), QueryError (a bad query), ArticleNotFound (an unknown id).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from indexer.backends.opensearch.documents import doc_id
from search.backends.opensearch import aggs
from search.backends.opensearch.client import Connection
from search.backends.opensearch.dsl import (
    combined,
    published_filter,
    to_dsl,
    values_filter,
)
from search.backends.opensearch.hits import (
    SOURCE_FIELDS,
    article_from_source,
    blend_recent,
    copies_by_id,
    hit_from_source,
)
from search.backends.whoosh import query_tree
from search.errors import ArticleNotFound
from search.facet_filter import labels_containing
from search.query_tree import Everything, ParsedQuery
from search.request import NO_SOURCE, SearchRequest
from search.results import Article, FacetValue, Hit, SearchResult, Stats, cross_lang_note

ENTITY_FIELDS = ("person", "place", "org", "date")
EXPORT_PAGE = 500
RECENT_POOL = 200
KEYS_TTL = 30.0  # seconds a table of the indexed people's cross-script keys is kept


def _resolver(kind: str, text: str) -> list[str]:
    from indexer.entities import resolve

    return resolve(kind, text)


class OpenSearchEngine:
    """Search, facets, articles and statistics over one OpenSearch index (thread-safe)."""

    def __init__(self, address: str):
        self.conn = Connection(address)
        self.address = self.conn.address
        self._labels: dict[tuple[str, str], tuple[str, dict]] = {}
        self.export_page = EXPORT_PAGE  # matches per request of an export
        self._keys: tuple[float, dict[str, list[str]]] | None = None

    # --- what the index holds -------------------------------------------------------
    def known(self, field: str, value: str) -> bool:
        """Whether some article holds `value` in the facet `field`."""
        if not value:
            return False
        if field == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                return False
        return self.conn.count({"term": {field: value}}) > 0

    def _entity_ids(self, name: str, value: str) -> list[str]:
        return query_tree.entity_ids(name, value, self._resolve, self.known)

    def _resolve(self, kind: str, text: str) -> list[str]:
        """Ids a spelling may denote; for a person, also the indexed ids whose cross-script
        key it shares (as the Whoosh engine's: the writer merged spellings by key)."""
        ids = _resolver(kind, text)
        if kind != "person" or any(self.known(kind, i) for i in ids):
            return ids
        from indexer.entities import person_spelling_key

        key = person_spelling_key(text)
        return ids if key is None else ids + self._person_keys().get(key, [])

    def _person_keys(self) -> dict[str, list[str]]:
        """Cross-script key -> indexed person ids, rebuilt at most every KEYS_TTL seconds."""
        from indexer.backends.opensearch.writer import all_values
        from indexer.entities.identity import ids_by_key

        now = time.monotonic()
        if self._keys is None or now - self._keys[0] > KEYS_TTL:
            keys = ids_by_key(self.conn.run(all_values, "person"))
            self._keys = (now, keys)
        return self._keys[1]

    def _filters(self, request: SearchRequest, notes: list[str]) -> dict[str, dict]:
        """The filter clause of each filtered facet (and of the publication span)."""
        out: dict[str, dict] = {}
        for name, values in request.filters.items():
            values = [v for v in values if v and v.strip()]
            if not values:
                continue
            out[name] = values_filter(name, self._selected(request, name, notes))
        span = published_filter(request.since, request.until)
        if span:
            out["published"] = span
        return out

    def _selected(self, request: SearchRequest, name: str,
                  notes: list[str] | None = None) -> list[str]:
        values = [v for v in request.filters.get(name, []) if v and v.strip()]
        if name not in ENTITY_FIELDS:
            return [v.strip().lower() for v in values]
        ids = []
        for value in values:
            found = self._entity_ids(name, value)
            if not found and notes is not None:
                notes.append(f"no {name} {value!r} in the index")
            ids.extend(found)
        return list(dict.fromkeys(ids))

    def _parse(self, request: SearchRequest) -> ParsedQuery:
        request.validate()
        parsed = query_tree.parse(request.query, self._resolve, self.known,
                                  cross_lang=request.cross_lang, match=request.match)
        for words, kind, entity_id in parsed.expanded:
            label, _extra = self._label(kind, entity_id)
            parsed.notes.append(f"cross-language: {words!r} also matches {kind} {label} "
                                f"({entity_id})")
        return parsed

    # --- labels -----------------------------------------------------------------------
    def _label(self, name: str, value: str) -> tuple[str, dict]:
        self._fill_labels(name, [value])
        return aggs.simple_label(name, value) or self._labels.get((name, value), (value, {}))

    def _fill_labels(self, name: str, values: list[str]) -> None:
        missing = [v for v in values if (name, v) not in self._labels]
        body = aggs.label_aggs(name, missing) if missing else None
        if body is None:
            return
        found = self.conn.search({"size": 0, "aggs": {"l": body}})["aggregations"]["l"]
        for value, label in aggs.read_labels(name, found).items():
            self._labels.setdefault((name, value), label)

    # --- search -----------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        """One search: a page of hits, the total, facet counts and the timeline."""
        started = time.perf_counter()
        parsed = self._parse(request)
        notes = list(parsed.notes)
        filters = self._filters(request, notes)
        query = combined(to_dsl(parsed.tree), [], request.all_copies)
        names = request.facets
        if request.cross_lang and "lang" not in names:
            names = (*names, "lang")
        selected = {name: self._selected(request, name) for name in names}
        body: dict = {"query": query, "track_total_hits": True, "size": 0,
                      "post_filter": {"bool": {"filter": list(filters.values())}},
                      "aggs": {f"facet_{name}": aggs.facet_aggs(
                          name, [c for n, c in filters.items() if n != name],
                          request.facet_size, selected[name]) for name in names}}
        if request.histogram:
            body["aggs"]["span"] = {"filter": {"bool": {"filter": list(filters.values())}},
                                    "aggs": aggs.span_aggs()}
        found = self.conn.search(body)
        total = int(found["hits"]["total"]["value"])
        facets = {}
        for name in names:
            pairs = aggs.counted(found["aggregations"][f"facet_{name}"], request.facet_size,
                                 selected[name])
            self._fill_labels(name, [v for v, _c in pairs])
            facets[name] = aggs.facet_values(name, pairs, self._labels, selected[name])
        histogram = None
        if request.histogram:
            histogram = self._histogram(query, filters, found["aggregations"]["span"], total)
        first = (request.page - 1) * request.per_page
        hits = self._page(parsed, query, filters, request, first, request.per_page) \
            if total and first < total else []
        wider = 0
        if total == 0 and not request.cross_lang and request.query.strip():
            wider = self.search(replace(request, cross_lang=True, facets=(), histogram=False,
                                        per_page=1, page=1)).total
            if wider:
                notes.append(cross_lang_note(wider))
        return SearchResult(
            query=request.query, total=total, page=request.page, per_page=request.per_page,
            hits=hits, facets=facets, histogram=histogram,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=None, notes=notes, cross_lang_total=wider)

    def _histogram(self, query: dict, filters: dict, span: dict, total: int):
        dated = int(span["dated"]["value"])
        first = aggs.day_of(span["first"].get("value_as_string"))
        last = aggs.day_of(span["last"].get("value_as_string"))
        if not dated or first is None or last is None:
            return aggs.histogram("month", [], total)
        interval = aggs.interval_of(first, last)
        body = {"size": 0, "query": {"bool": {"must": [query],
                                              "filter": list(filters.values())}},
                "aggs": {"bars": aggs.histogram_agg(interval, first, last)}}
        buckets = self.conn.search(body)["aggregations"]["bars"]["buckets"]
        return aggs.histogram(interval, buckets, total - dated)

    def _sort(self, parsed: ParsedQuery, sort: str) -> list:
        everything = isinstance(parsed.tree, Everything)
        if sort in ("newest", "oldest") or everything:
            order = "asc" if sort == "oldest" else "desc"
            return [{"published": {"order": order, "missing": "_last"}}, {"_score": "desc"},
                    {"id": "asc"}]
        return [{"_score": "desc"}, {"id": "asc"}]

    def _page(self, parsed: ParsedQuery, query: dict, filters: dict, request: SearchRequest,
              first: int, count: int) -> list[Hit]:
        scoring = {"bool": {"must": [query], "filter": list(filters.values())}}
        recent = request.sort == "recent" and not isinstance(parsed.tree, Everything)
        size = max(RECENT_POOL, first + count) if recent else count
        body = {"query": scoring, "from": 0 if recent else first, "size": size,
                "sort": self._sort(parsed, request.sort), "_source": SOURCE_FIELDS,
                "track_scores": True}
        found = self.conn.search(body)["hits"]["hits"]
        if recent:
            found = blend_recent(found)[first:first + count]
        return self._hits(found, parsed.words)

    def _hits(self, found: list[dict], words: dict) -> list[Hit]:
        sources = [h["_source"] for h in found]
        copies = self._copies(sources)
        hits = []
        for raw, source in zip(found, sources, strict=True):
            hit = hit_from_source(source, raw.get("_score"), words)
            hit.copies = copies.get(hit.id, [])
            hits.append(hit)
        return hits

    def _copies(self, sources: list[dict]) -> dict[str, list[dict]]:
        roots = sorted({s.get("dup_of") or s["id"] for s in sources})
        if not roots:
            return {}
        query = {"bool": {"should": [{"terms": {"dup_of": roots}}, {"terms": {"id": roots}}],
                          "minimum_should_match": 1}}
        related = self.conn.search({"query": {"bool": {"filter": [query]}}, "size": 1000,
                                    "_source": ["id", "source", "url", "dup_of"]})
        return copies_by_id(sources, [h["_source"] for h in related["hits"]["hits"]])

    def facet_values(self, request: SearchRequest, name: str, contains: str = "",
                     limit: int = 20) -> list[FacetValue]:
        """Values of one facet among the matches whose label contains `contains` (any case,
        any script); labels with a word starting so come first, then by count."""
        parsed = self._parse(request)
        filters = self._filters(request, [])
        query = combined(to_dsl(parsed.tree), [c for n, c in filters.items() if n != name],
                         request.all_copies)
        field = f"{name}_entity" if name in ("person", "place", "org") else None
        agg = ({"terms": {"field": field, "size": aggs.MAX_VALUES}} if field
               else aggs.terms_agg(name, aggs.MAX_VALUES))
        found = self.conn.search({"size": 0, "query": query, "aggs": {"v": agg, **(
            {"none": {"missing": {"field": "source.lower"}}} if name == "source" else {})}})
        buckets = found["aggregations"]["v"]["buckets"]
        if field:
            labels = aggs.read_labels(name, {"labels": {"buckets": buckets}})
            counts: dict[str, int] = {}
            for bucket in buckets:
                entity_id = next((i for i, _l in _entity_labels(name, bucket)), None)
                if entity_id is not None:
                    counts[entity_id] = counts.get(entity_id, 0) + bucket["doc_count"]
            for value, label in labels.items():
                self._labels.setdefault((name, value), label)
        else:
            counts = {aggs.bucket_key(b): b["doc_count"] for b in buckets}
            self._fill_labels(name, list(counts))
        pairs = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        selected = self._selected(request, name)
        if found["aggregations"].get("none", {}).get("doc_count"):  # articles with no source
            pairs.append((NO_SOURCE, found["aggregations"]["none"]["doc_count"]))
        every = aggs.facet_values(name, pairs, self._labels, selected)
        return labels_containing(every, contains, limit)

    def iter_matches(self, request: SearchRequest) -> Iterator[Hit]:
        """Every match in the requested order, through a point in time (export)."""
        parsed = self._parse(request)
        filters = self._filters(request, [])
        query = {"bool": {"must": [combined(to_dsl(parsed.tree), [], request.all_copies)],
                          "filter": list(filters.values())}}
        sort = self._sort(parsed, "newest" if request.sort == "recent" else request.sort)
        with self.conn.point_in_time() as pit:
            after = None
            while True:
                body = {"query": query, "size": self.export_page, "sort": sort,
                        "_source": SOURCE_FIELDS, "track_scores": True,
                        "pit": {"id": pit, "keep_alive": "2m"}}
                if after:
                    body["search_after"] = after
                found = self.conn.search(body, with_index=False)["hits"]["hits"]
                if not found:
                    return
                yield from self._hits(found, parsed.words)
                after = found[-1]["sort"]

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Articles most like this one: more_like_this over its own language's body."""
        source = self._source(article_id)
        lang = source.get("lang") or "xx"
        like = {"more_like_this": {"fields": [f"body_{lang}"],
                                   "like": [{"_index": self.address.index,
                                             "_id": doc_id(article_id)}],
                                   "min_term_freq": 1, "min_doc_freq": 1,
                                   "max_query_terms": 25}}
        found = self.conn.search({"query": like, "size": limit, "_source": SOURCE_FIELDS})
        return self._hits(found["hits"]["hits"], {})

    def _source(self, article_id: str) -> dict:
        source = self.conn.get(doc_id(article_id))
        if source is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.address}")
        return source

    def article(self, article_id: str) -> Article:
        """The stored article with its entities, mentions and copies."""
        source = self._source(article_id)
        return article_from_source(source, self._copies([source]).get(source["id"], []))

    def stats(self, top: int = 10) -> Stats:
        """Counts per language and source, the date span and the top entities."""
        body = {"size": 0, "track_total_hits": True,
                "aggs": {"lang": aggs.terms_agg("lang", 100),
                         "source": aggs.terms_agg("source", top),
                         "copies": {"filter": {"term": {"copy": True}}},
                         **aggs.span_aggs(),
                         **{k: aggs.terms_agg(k, top) for k in ("person", "place", "org")}}}
        found = self.conn.search(body)
        total = int(found["hits"]["total"]["value"])
        got = found["aggregations"]

        def values(name: str) -> list[FacetValue]:
            pairs = [(aggs.bucket_key(b), b["doc_count"]) for b in got[name]["buckets"]]
            self._fill_labels(name, [v for v, _c in pairs])
            return aggs.facet_values(name, pairs, self._labels, [])

        first, last = (got[k].get("value_as_string") for k in ("first", "last"))
        return Stats(
            articles=total, stories=total - int(got["copies"]["doc_count"]),
            inputs=self.conn.inputs(), languages=values("lang"), sources=values("source"),
            first_published=first[:10] if first else None,
            last_published=last[:10] if last else None,
            undated=total - int(got["dated"]["value"]),
            top={k: values(k) for k in ("person", "place", "org")},
            index_dir=str(self.address), size_bytes=self.conn.size_bytes())

    def complete(self, prefix: str, facets: tuple[str, ...] = ("person", "place", "org"),
                 limit: int = 10) -> list[tuple[str, FacetValue]]:
        """Entity names with a spelling completing `prefix` in any script, most articles
        first (`search.backends.opensearch.complete`); other facets by their labels."""
        from search.backends.opensearch import complete

        found: list[tuple[int, str, str, FacetValue]] = []
        for name in facets:
            if name not in ("person", "place", "org"):
                found += [(-v.count, v.label.casefold(), name, v) for v in
                          self.facet_values(SearchRequest(), name, prefix, limit)]
                continue
            counted = complete.counts(self.conn, name, complete.candidates(self.conn, name,
                                                                            prefix))
            for value, count in counted.items():
                label, extra = self._label(name, value)
                found.append((-count, label.casefold(), name,
                              FacetValue(value=value, label=label, count=count, extra=extra)))
        found.sort(key=lambda t: (t[0], t[1], t[3].value))
        return [(name, value) for _c, _l, name, value in found[:limit]]

    def resolve(self, name: str, value: str) -> list[str]:
        """The facet values a filter value selects: an entity's ids for any spelling."""
        if name in ENTITY_FIELDS:
            return self._entity_ids(name, value)
        return [value.strip().lower()] if name in ("source", "lang") else [value.strip()]

    def warm(self) -> None:
        """Load the gazetteer and the analyzers of every language before the first search."""
        _resolver("place", "Kyiv")
        for words in ("Kyiv news", "Київ новини", "Киев новости"):
            self.search(SearchRequest(query=words, cross_lang=True, per_page=1))

    def close(self) -> None:
        """Release the connection."""
        self.conn.close()


def _entity_labels(name: str, bucket: dict):
    return aggs.read_labels(name, {"labels": {"buckets": [bucket]}}).items()
