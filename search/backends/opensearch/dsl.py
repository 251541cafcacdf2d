"""A parsed newsdex query (`search.query_tree`) and a request's filters as the OpenSearch
query DSL, over the fields of `indexer.backends.opensearch.mapping`.

Leaves hold terms as newsdex's analyzers made them, and the writer sent the same analyzed
tokens (`documents.analyzed`), so words become `term` queries (no analysis at query time)
and phrases `span_near` queries whose positions are `span_or`s of their lemmas. Lucene's
slop counts the words allowed between, Whoosh's the distance (1: adjacent), hence the -1.
Everything raises nothing: a node this module does not know matches nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from search import query_tree as qt
from search.request import NO_SOURCE

# Index fields of the query language whose OpenSearch field has another name.
FIELD_NAMES = {"source": "source.lower"}
MATCH_ALL: dict = {"match_all": {}}
MATCH_NONE: dict = {"match_none": {}}
NOT_A_COPY: dict = {"term": {"copy": True}}  # in must_not: a story counts once


def field_name(name: str) -> str:
    """The OpenSearch field of an index field of the query tree."""
    return FIELD_NAMES.get(name, name)


def _boosted(query: dict, boost: float) -> dict:
    if boost != 1.0:
        kind, body = next(iter(query.items()))
        if kind in ("term", "prefix", "wildcard", "fuzzy", "range"):
            field, value = next(iter(body.items()))
            value = dict(value) if isinstance(value, dict) else {"value": value}
            value["boost"] = boost
            return {kind: {field: value}}
        return {kind: {**body, "boost": boost}}
    return query


def _bound(value) -> str:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_dsl(node: qt.Node) -> dict:
    """The query DSL of one tree node."""
    if isinstance(node, qt.Everything):
        return MATCH_ALL
    if isinstance(node, qt.Nothing):
        return MATCH_NONE
    if isinstance(node, qt.Term):
        value = node.text.lower() if node.field == "source" else node.text
        return _boosted({"term": {field_name(node.field): value}}, node.boost)
    if isinstance(node, qt.Phrase):
        return _phrase(node)
    if isinstance(node, qt.Pattern):
        field = field_name(node.field)
        if node.kind == "prefix":
            return _boosted({"prefix": {field: node.text}}, node.boost)
        if node.kind == "wildcard":
            return _boosted({"wildcard": {field: {"value": node.text}}}, node.boost)
        return _boosted({"fuzzy": {field: {"value": node.text, "fuzziness": node.distance,
                                           "prefix_length": node.prefix}}}, node.boost)
    if isinstance(node, qt.Range):
        bounds = {}
        if node.start is not None:
            bounds["gt" if node.start_excl else "gte"] = _bound(node.start)
        if node.end is not None:
            bounds["lt" if node.end_excl else "lte"] = _bound(node.end)
        if not bounds:
            return {"exists": {"field": field_name(node.field)}}
        return _boosted({"range": {field_name(node.field): bounds}}, node.boost)
    if isinstance(node, qt.All):
        return _boosted({"bool": {"must": [to_dsl(c) for c in node.children]}}, node.boost)
    if isinstance(node, qt.Any):
        return _boosted({"bool": {"should": [to_dsl(c) for c in node.children],
                                  "minimum_should_match": 1}}, node.boost)
    if isinstance(node, qt.Not):
        return {"bool": {"must": [MATCH_ALL], "must_not": [to_dsl(node.child)]}}
    if isinstance(node, qt.Without):
        return {"bool": {"must": [to_dsl(node.base)], "must_not": [to_dsl(node.excluded)]}}
    if isinstance(node, qt.Maybe):
        return {"bool": {"must": [to_dsl(node.base)], "should": [to_dsl(node.bonus)]}}
    return MATCH_NONE


def _phrase(node: qt.Phrase) -> dict:
    field = field_name(node.field)
    if len(node.positions) == 1:
        return to_dsl(qt.Any(tuple(qt.Term(node.field, t) for t in node.positions[0]),
                             node.boost))
    clauses = []
    for alternatives in node.positions:
        terms = [{"span_term": {field: t}} for t in alternatives]
        clauses.append(terms[0] if len(terms) == 1 else {"span_or": {"clauses": terms}})
    return _boosted({"span_near": {"clauses": clauses, "slop": max(node.slop - 1, 0),
                                   "in_order": True}}, node.boost)


def values_filter(name: str, values: list[str]) -> dict:
    """Articles with any of `values` in the facet `name` (ids, lower-cased sources;
    `NO_SOURCE`: articles without a source)."""
    if not values:
        return MATCH_NONE
    if name == "source" and NO_SOURCE in values:
        none = {"bool": {"must_not": [{"exists": {"field": field_name(name)}}]}}
        rest = [v for v in values if v != NO_SOURCE]
        if not rest:
            return none
        return {"bool": {"should": [{"terms": {field_name(name): rest}}, none],
                         "minimum_should_match": 1}}
    return {"terms": {field_name(name): values}}


def published_filter(since: date | None, until: date | None) -> dict | None:
    """Articles published from `since` through `until` (whole days; None: no bound)."""
    if not (since or until):
        return None
    bounds = {}
    if since:
        bounds["gte"] = since.isoformat()
    if until:
        bounds["lte"] = f"{until.isoformat()}T23:59:59.999"
    return {"range": {"published": bounds}}


def combined(query: dict, filters: list[dict], all_copies: bool) -> dict:
    """`query` restricted by `filters` (none scored), later copies of a story left out
    unless `all_copies`."""
    must_not = [] if all_copies else [NOT_A_COPY]
    if not filters and not must_not:
        return query
    return {"bool": {"must": [query], "filter": filters, "must_not": must_not}}
