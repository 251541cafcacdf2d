"""The OpenAPI 3.1 description of the JSON API, written by hand."""

from __future__ import annotations

from search.request import FILTER_FIELDS, MAX_PAGE, MAX_PER_PAGE, SORTS
from web.params import CROSS_LANG_VALUES, DAY_PATTERN

_FILTER_HELP = {
    "person": "Person (any spelling or id, e.g. Syrskyi, Сирський, oleksandr-syrskyi).",
    "place": "Place (any spelling or GeoNames id, e.g. Kupiansk, Купянск, 703656).",
    "org": "Organization (any spelling or id, e.g. NATO).",
    "source": "Source name (case-insensitive).",
    "lang": "Language code: en, uk or ru.",
    "date": "A date the article mentions, YYYY-MM-DD.",
}


# A `date` filter is checked as YYYY-MM-DD (blank values are ignored, spaces around trimmed).
_FILTER_SCHEMA = {"date": {"type": "string", "pattern": rf"^\s*({DAY_PATTERN})?\s*$"}}


def _param(name: str, schema: dict, description: str, *, repeat: bool = False,
           where: str = "query", required: bool = False) -> dict:
    if repeat:
        schema = {"type": "array", "items": schema}
    out = {"name": name, "in": where, "schema": schema, "description": description,
           "required": required}
    if repeat:
        out.update(style="form", explode=True)
    return out


SEARCH_PARAMETERS = [
    _param("q", {"type": "string", "maxLength": 2000},
           "Query (Whoosh syntax: words, \"phrases\", AND/OR/NOT, wildcards, fields person:, "
           "place:, org:, date:, source:, lang:, title:, body:, published:). Empty or * "
           "matches every article."),
    *[_param(name, _FILTER_SCHEMA.get(name, {"type": "string"}), _FILTER_HELP[name] +
             " Repeat to OR values; "
             "different filters AND. " + ("Another form is a 400 " if name == "date" else
                                          "Any text is accepted ") +
             "(empty values are ignored); a value naming nothing indexed matches no article.",
             repeat=True)
      for name in FILTER_FIELDS],
    _param("since", {"type": "string", "format": "date", "minLength": 10},
           "Published on or after (YYYY-MM-DD). Must not be after `until` (that is a 400). "
           "Leave it out for no lower bound; an empty value is a 400."),
    _param("until", {"type": "string", "format": "date", "minLength": 10},
           "Published on or before (YYYY-MM-DD). Must not be before `since` (that is a 400). "
           "Leave it out for no upper bound; an empty value is a 400."),
    _param("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order."),
    _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
           f"Page number (at most {MAX_PAGE}; a page past the last match has no hits)."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                        "default": 10}, "Hits per page."),
    _param("facet_size", {"type": "integer", "minimum": 0, "maximum": 1000, "default": 10},
           "Values per facet."),
    _param("match", {"type": "string", "enum": ["all", "any"], "default": "all"},
           "Bare words: all must occur, or any of them (ranked by BM25)."),
    _param("cross_lang", {"type": "string", "enum": list(CROSS_LANG_VALUES), "default": "0"},
           "1 (or true, on): names of people, places and organizations in the query also "
           "match their mentions in every language (Kupiansk finds Куп'янськ and Купянск)."),
]

_ERROR = {"description": "An error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
_BAD = {**_ERROR, "description": "A bad query or parameter (`parameter` names it): a value "
        "outside its schema, an empty date, number or choice, or `since` after `until`."}
_UNAVAILABLE = {**_ERROR, "description": "The index is not available."}

_ENTITY = {"type": "object", "required": ["id", "name"], "properties": {
    "id": {"type": "string"}, "name": {"type": "string"},
    "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]},
    "country": {"type": ["string", "null"]}}}
_FACET_VALUE = {"type": "object", "required": ["value", "label", "count", "selected"],
                "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                               "count": {"type": "integer"}, "selected": {"type": "boolean"}},
                "additionalProperties": True}
_HIT = {"type": "object", "properties": {
    **{k: {"type": "string"} for k in ("id", "title", "language", "snippet", "snippet_html",
                                       "title_html")},
    **{k: {"type": ["string", "null"]} for k in ("url", "source", "published")},
    "score": {"type": ["number", "null"]},
    **{k: {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}}
       for k in ("people", "places", "orgs")},
    "dates": {"type": "array", "items": {"type": "string", "format": "date"}}}}
_HISTOGRAM = {"type": ["object", "null"], "properties": {
    "interval": {"type": "string", "enum": ["day", "week", "month", "year"]},
    "undated": {"type": "integer"},
    "buckets": {"type": "array", "items": {"type": "object", "properties": {
        "key": {"type": "string"}, "start": {"type": "string", "format": "date"},
        "count": {"type": "integer"}}}}}}
_SEARCH = {"type": "object", "properties": {
    "query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
    "per_page": {"type": "integer"}, "took_ms": {"type": "number"},
    "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
    "facets": {"type": "object", "additionalProperties": {
        "type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}},
    "histogram": {"$ref": "#/components/schemas/Histogram"},
    "suggestion": {"type": ["string", "null"]},
    "notes": {"type": "array", "items": {"type": "string"}}}}
_ARTICLE = {"type": "object", "properties": {
    **{k: {"type": "string"} for k in ("id", "title", "body", "language")},
    **{k: {"type": ["string", "null"]} for k in ("url", "source", "published")},
    **{k: {"type": "array", "items": {"type": "string"}} for k in ("authors", "origins",
                                                                    "dates")},
    **{k: {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}}
       for k in ("people", "places", "orgs")},
    "mentions": {"type": "array", "items": {"type": "object"}}}}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def spec(server: str = "") -> dict:
    """The OpenAPI document; `server` is the base URL the API is served at."""
    article_id = _param("article_id", {"type": "string"}, "Article id: its normalized URL "
                        "or sha1:…; slashes need no escaping (a `//` merged into `/` on the way is "
                        "restored).", where="path", required=True)
    export_note = "Every match (no paging), streamed, in the requested sort order."
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsdex API", "version": "1.0.0",
                 "description": "Search news by text, people, places, organizations and "
                                "dates across English, Ukrainian and Russian."},
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search", "operationId": "search", "parameters": SEARCH_PARAMETERS,
                "responses": {"200": _json("SearchResult", "A page of hits with facets."),
                              "400": _BAD, "503": _UNAVAILABLE}}},
            "/api/articles/{article_id}": {"get": {
                "summary": "One article", "operationId": "article", "parameters": [article_id],
                "responses": {"200": _json("Article", "The stored article."),
                              "308": {"description": "The same id without a doubled "
                                      "slash after /api/articles/ (Location names it)."},
                              "404": {**_ERROR, "description": "No such article."},
                              "503": _UNAVAILABLE}}},
            "/api/facets/{name}": {"get": {
                "summary": "Values of one facet, filtered by a substring",
                "operationId": "facetValues",
                "parameters": [
                    _param("name", {"type": "string", "enum": list(FILTER_FIELDS)}, "Facet.",
                           where="path", required=True),
                    _param("contains", {"type": "string"}, "Part of the label (any case)."),
                    _param("limit", {"type": "integer", "minimum": 1, "maximum": 1000,
                                     "default": 20}, "At most this many values."),
                    *SEARCH_PARAMETERS],
                "responses": {"200": {"description": "Matching values with counts.",
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "properties": {
                                              "facet": {"type": "string"},
                                              "contains": {"type": "string"},
                                              "values": {"type": "array", "items": {
                                                  "$ref": "#/components/schemas/FacetValue"}},
                                          }}}}},
                              "400": _BAD, "503": _UNAVAILABLE}}},
            "/api/complete": {"get": {  # issue 28.4: entity names as you type
                "summary": "Complete an entity name in any script", "operationId": "complete",
                "parameters": [
                    _param("prefix", {"type": "string"},
                           "Start of a name (any case, script, apostrophes; empty: none)."),
                    _param("facet", {"type": "string", "enum": ["person", "place", "org"]},
                           "Facets to complete from (default all three).", repeat=True),
                    _param("limit", {"type": "integer", "minimum": 1, "maximum": 100,
                                     "default": 10}, "At most this many names.")],
                "responses": {"200": {"description": "Names, most articles first.",
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "properties": {
                                              "prefix": {"type": "string"},
                                              "values": {"type": "array", "items": {
                                                  "$ref": "#/components/schemas/FacetValue"}},
                                          }}}}},
                              "400": _BAD, "503": _UNAVAILABLE}}},
            "/api/export.csv": {"get": {
                "summary": "Export matches as CSV", "operationId": "exportCsv",
                "description": export_note + " Columns: id, title, url, source, published, "
                               "language, people, places, orgs, dates (names joined by '; ').",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "CSV with a header row.",
                                      "content": {"text/csv": {"schema": {"type": "string"}}}},
                              "400": _BAD, "503": _UNAVAILABLE}}},
            "/api/export.jsonl": {"get": {
                "summary": "Export matches as JSON lines", "operationId": "exportJsonl",
                "description": export_note + " One hit per line.",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "One JSON hit per line.",
                                      "content": {"application/x-ndjson": {
                                          "schema": {"type": "string"}}}},
                              "400": _BAD, "503": _UNAVAILABLE}}},
            "/api/openapi.json": {"get": {
                "summary": "This description", "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1 document.",
                                      "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {
                "error": {"type": "string"}, "parameter": {"type": "string"},
                "position": {"type": ["integer", "null"]}}},
            "Entity": _ENTITY, "FacetValue": _FACET_VALUE, "Hit": _HIT,
            "Histogram": _HISTOGRAM, "SearchResult": _SEARCH, "Article": _ARTICLE,
        }},
    }
