"""The newsdex web app: a search page and a JSON API over one index (Flask factory)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from indexer.errors import IndexUnavailable
from search.backends import SearchBackend, open_search
from search.highlight import as_html

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class EngineHolder:
    """The app's one read backend, opened in the factory or, when lazy, on first use."""

    def __init__(self, index_dir: str | Path, lazy: bool):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._engine: SearchBackend | None = None
        if not lazy:
            self._engine = open_search(index_dir)

    def get(self) -> SearchBackend:
        """The engine; IndexUnavailable (HTTP 503) while there is no index to open."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = open_search(self.index_dir)
        return self._engine

    def close(self) -> None:
        """Release the searcher, if one was opened."""
        if self._engine is not None:
            self._engine.close()


def engine() -> SearchBackend:
    """The search engine of the current app."""
    return current_app.extensions["newsdex"].get()


def marked(text: str) -> Markup:
    """Jinja filter: text with \\ue000/\\ue001 match markers as escaped HTML with <mark>s."""
    return Markup(as_html(text or ""))


def create_app(index_dir: str | Path | None = None,
               test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app over `index_dir` (default: $NEWSDEX_INDEX, else .newsdex/index)."""
    from indexer.backends import default_address
    from web import api, errors, pages

    app = Flask(__name__)
    app.config.from_mapping(
        NEWSDEX_INDEX=str(index_dir or default_address()),
        # Lazy: start without an index and answer 503 until one has been built.
        NEWSDEX_LAZY_INDEX=False,
    )
    if test_config:
        app.config.update(test_config)
    app.debug = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.jinja_env.filters["marked"] = marked
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions["newsdex"] = EngineHolder(app.config["NEWSDEX_INDEX"],
                                             lazy=app.config["NEWSDEX_LAZY_INDEX"])
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


__all__ = ["IndexUnavailable", "create_app", "engine"]
