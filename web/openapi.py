"""The OpenAPI 3.1 description of the JSON API: responses written here, parameters from the
one parameter table (`web.param_table`)."""

from __future__ import annotations

from web.param_table import CROSS_RULES, openapi_parameters

# Every operation's parameters come from the one table (web/param_table.py), as does the
# server's validation of them.
SEARCH_PARAMETERS = openapi_parameters("search")

_ERROR = {"description": "An error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
_BAD = {**_ERROR, "description": "A bad query or parameter (`parameter` names it): a value "
        "outside its schema, an empty date, number or choice, or `since` after `until`."}
_UNAVAILABLE = {**_ERROR, "description": "The index is not available."}
# Any method but GET on a documented path (GET itself never gets it).
_NOT_ALLOWED = {"$ref": "#/components/responses/MethodNotAllowed"}
_RULES = {"x-newsdex-rules": CROSS_RULES}  # what JSON Schema cannot state, in words

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
                **_RULES,
                "responses": {"200": _json("SearchResult", "A page of hits with facets."),
                              "400": _BAD, "503": _UNAVAILABLE, "405": _NOT_ALLOWED}}},
            "/api/articles/{article_id}": {"get": {
                "summary": "One article", "operationId": "article",
                "parameters": openapi_parameters("article"),
                "responses": {"200": _json("Article", "The stored article."),
                              "308": {"description": "The same id without a doubled "
                                      "slash after /api/articles/ (Location names it)."},
                              "404": {**_ERROR, "description": "No such article."},
                              "503": _UNAVAILABLE, "405": _NOT_ALLOWED}}},
            "/api/facets/{name}": {"get": {
                "summary": "Values of one facet, filtered by a substring",
                "operationId": "facetValues",
                "parameters": openapi_parameters("facetValues"), **_RULES,
                "responses": {"200": {"description": "Matching values with counts.",
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "properties": {
                                              "facet": {"type": "string"},
                                              "contains": {"type": "string"},
                                              "values": {"type": "array", "items": {
                                                  "$ref": "#/components/schemas/FacetValue"}},
                                          }}}}},
                              "400": _BAD, "503": _UNAVAILABLE, "405": _NOT_ALLOWED}}},
            "/api/complete": {"get": {  # issue 28.4: entity names as you type
                "summary": "Complete an entity name in any script", "operationId": "complete",
                "parameters": openapi_parameters("complete"),
                "responses": {"200": {"description": "Names, most articles first.",
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "properties": {
                                              "prefix": {"type": "string"},
                                              "values": {"type": "array", "items": {
                                                  "$ref": "#/components/schemas/FacetValue"}},
                                          }}}}},
                              "400": _BAD, "503": _UNAVAILABLE, "405": _NOT_ALLOWED}}},
            "/api/export.csv": {"get": {
                "summary": "Export matches as CSV", "operationId": "exportCsv",
                "description": export_note + " Columns: id, title, url, source, published, "
                               "language, people, places, orgs, dates (names joined by '; ').",
                "parameters": openapi_parameters("exportCsv"), **_RULES,
                "responses": {"200": {"description": "CSV with a header row.",
                                      "content": {"text/csv": {"schema": {"type": "string"}}}},
                              "400": _BAD, "503": _UNAVAILABLE, "405": _NOT_ALLOWED}}},
            "/api/export.jsonl": {"get": {
                "summary": "Export matches as JSON lines", "operationId": "exportJsonl",
                "description": export_note + " One hit per line.",
                "parameters": openapi_parameters("exportJsonl"), **_RULES,
                "responses": {"200": {"description": "One JSON hit per line.",
                                      "content": {"application/x-ndjson": {
                                          "schema": {"type": "string"}}}},
                              "400": _BAD, "503": _UNAVAILABLE, "405": _NOT_ALLOWED}}},
            "/api/openapi.json": {"get": {
                "summary": "This description", "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1 document.",
                                      "content": {"application/json": {
                                          "schema": {"type": "object"}}}},
                              "405": _NOT_ALLOWED}}},
        },
        "components": {"responses": {"MethodNotAllowed": {
            "description": "A method this path does not serve (only GET): `Allow` names GET.",
            "headers": {"Allow": {"schema": {"type": "string"}, "required": True,
                                  "description": "The methods served, e.g. GET, HEAD, OPTIONS."}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {
                "error": {"type": "string"}, "parameter": {"type": "string"},
                "position": {"type": ["integer", "null"]}}},
            "Entity": _ENTITY, "FacetValue": _FACET_VALUE, "Hit": _HIT,
            "Histogram": _HISTOGRAM, "SearchResult": _SEARCH, "Article": _ARTICLE,
        }},
    }
