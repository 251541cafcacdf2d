"""Domain errors and HTTP errors as JSON (under /api/) or as a friendly page."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from indexer.errors import IndexFormatError, IndexUnavailable
from search.errors import ArticleNotFound, QueryError

log = logging.getLogger("newsdex.web")


def wants_json() -> bool:
    """Whether the request is for the JSON API."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str, **extra):
    """A JSON error for the API, else the error page."""
    if wants_json():
        return jsonify({"error": message, **extra}), status
    return render_template("error.html", status=status, message=message), status


def query_error(exc: QueryError):
    """400: a query or parameter the engine cannot use (page shows it next to the box);
    `parameter` names it (`q` for a query the engine cannot parse)."""
    # Every QueryError that is not a ParamError comes from parsing the query: `q`.
    extra = {"position": exc.position, "parameter": getattr(exc, "param", None) or "q"}
    return error_response(400, exc.args[0], **extra)


def register(app: Flask) -> None:
    """Install the error handlers on `app`."""

    @app.errorhandler(QueryError)
    def on_query_error(exc: QueryError):
        return query_error(exc)

    @app.errorhandler(ArticleNotFound)
    def on_not_found(exc: ArticleNotFound):
        return error_response(404, "No article with this id is in the index.")

    @app.errorhandler(IndexFormatError)  # Flask picks the most specific class's handler
    def on_format(exc: IndexFormatError):
        log.warning("index of another format: %s", exc)
        return error_response(503, "The search index is in a storage format this newsdex "
                              "cannot read; run `newsdex check` on it and index the "
                              "sources again.")

    @app.errorhandler(IndexUnavailable)
    def on_unavailable(exc: IndexUnavailable):
        log.warning("index unavailable: %s", exc)
        return error_response(503, "The search index is not available yet; "
                              "build it with `newsdex index PATH` and try again.")

    @app.errorhandler(HTTPException)
    def on_http(exc: HTTPException):
        if isinstance(exc, InternalServerError):
            return on_bug(exc)
        message = exc.description or exc.name
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            message = (f"{request.method} is not allowed here; "
                       f"use {', '.join(sorted(exc.valid_methods))}.")
        response = make_response(error_response(exc.code or 500, message))
        for name, value in exc.get_headers():  # e.g. Allow on a 405 (RFC 9110 15.5.6)
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def on_bug(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return error_response(500, "Something went wrong on our side; please try again.")
