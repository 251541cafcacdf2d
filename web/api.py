"""The JSON API: search, articles, facet values, exports and its OpenAPI description."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict

from flask import Blueprint, Response, jsonify, request, stream_with_context

from search.backends import COMPLETE_FACETS
from search.export import csv_lines, jsonl_lines, started_matches
from search.results import Hit
from web import engine
from web.openapi import spec
from web.param_table import parse_params
from web.params import parse_search

bp = Blueprint("api", __name__, url_prefix="/api")



@bp.get("/search")
def search():
    """A page of hits with total, facets and histogram: `newsdex search --json`'s shape."""
    return jsonify(engine().search(parse_search(request.args, strict=True)).to_dict())


_COLLAPSED_SCHEME = re.compile(r"^(https?):/(?!/)")


def restore_scheme(article_id: str) -> str:
    """`article_id` with `scheme:/host` made `scheme://host` again: proxies (nginx merges
    slashes by default) and URL joiners (schemathesis's) collapse the `//` of a URL id sent
    unescaped in the path; no URL id has a single slash there, so it names the same article."""
    return _COLLAPSED_SCHEME.sub(r"\1://", article_id, count=1)


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    """One stored article with entities and mentions: `newsdex show --json`'s shape."""
    return jsonify(asdict(engine().article(restore_scheme(article_id))))


@bp.get("/facets/<name>")
def facet_values(name: str):
    """Values of one facet among the matches whose label contains `contains`."""
    own = parse_params("facetValues", request.args, strict=True, path={"name": name})
    req = parse_search(request.args, strict=True)
    contains, limit = own["contains"], own["limit"]
    values = engine().facet_values(req, name, contains, limit)
    return jsonify({"facet": name, "contains": contains,
                    "values": [v.to_dict() for v in values]})


@bp.get("/complete")
def complete():
    """Entity names starting with `prefix` in any script, most articles first."""
    own = parse_params("complete", request.args, strict=True)
    prefix = own["prefix"].strip()  # empty: no names (as you type)
    facets = tuple(own["facet"]) or COMPLETE_FACETS
    found = engine().complete(prefix, facets, own["limit"]) if prefix else []
    return jsonify({"prefix": prefix, "values": [{"facet": facet, **value.to_dict()}
                                                 for facet, value in found]})


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(spec(request.host_url.rstrip("/")))


def _matches() -> Iterator[Hit]:
    """Every match of the request's search; errors surface before the response starts."""
    # the search runs now: a QueryError is still a 400
    return started_matches(engine(), parse_search(request.args, strict=True))


def _download(body: Iterator[str], mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/export.csv")
def export_csv():
    """Every match as CSV (streamed): id, title, url, source, published, language, entities."""
    hits = _matches()

    return _download(csv_lines(hits), "text/csv", "newsdex-export.csv")


@bp.get("/export.jsonl")
def export_jsonl():
    """Every match as JSON lines, each hit in the shape of the search API (streamed)."""
    hits = _matches()

    return _download(jsonl_lines(hits), "application/x-ndjson", "newsdex-export.jsonl")
