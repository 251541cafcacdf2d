"""The read side of the storage seam: what the CLI and the web page search, read and count
through, whichever engine holds the index.

Inputs and outputs are the dataclasses of `search.request` and `search.results`, which
know nothing of any engine. `open_search(address)` picks the backend by the index address
(a folder: the embedded Whoosh index; `opensearch://host:port/name`: OpenSearch).
Failures: `indexer.errors.IndexUnavailable` when there is no index (or the cluster does
not answer), `search.errors.QueryError` for a bad query, `search.errors.ArticleNotFound`
for an unknown id.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from indexer.backends import default_address, is_remote, remote_class
from search.request import SearchRequest
from search.results import Article, FacetValue, Hit, SearchResult, Stats

COMPLETE_FACETS = ("person", "place", "org")


@runtime_checkable
class SearchBackend(Protocol):
    """One open index, for reading (thread-safe; sees new commits as they land)."""

    def search(self, request: SearchRequest) -> SearchResult:
        """A page of hits, the total, facet counts and the timeline."""
        ...

    def facet_values(self, request: SearchRequest, name: str, contains: str = "",
                     limit: int = 20) -> list[FacetValue]:
        """Values of one facet among the matches whose label contains `contains`."""
        ...

    def iter_matches(self, request: SearchRequest) -> Iterator[Hit]:
        """Every match in the requested order (export: no limit)."""
        ...

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        """The articles most like this one."""
        ...

    def article(self, article_id: str) -> Article:
        """One stored article with its entities, mentions and copies."""
        ...

    def stats(self, top: int = 10) -> Stats:
        """Counts per language and source, the date span, the top entities."""
        ...

    def complete(self, prefix: str, facets: tuple[str, ...] = COMPLETE_FACETS,
                 limit: int = 10) -> list[tuple[str, FacetValue]]:
        """Entity names starting with `prefix` in any script, as (facet, value) pairs,
        most articles first."""
        ...

    def resolve(self, name: str, value: str) -> list[str]:
        """The facet values a filter value selects (an entity's ids for any spelling)."""
        ...

    def warm(self) -> None:
        """Load what the first search would otherwise wait for."""
        ...

    def close(self) -> None:
        """Release the index."""
        ...


def open_search(address: str | Path | None = None) -> SearchBackend:
    """The read backend for `address` (default: $NEWSDEX_INDEX, else `.newsdex/index`)."""
    address = str(address or default_address())
    if is_remote(address):
        return remote_class("search.backends.opensearch.engine", "OpenSearchEngine",
                            address)(address)
    from search.backends.whoosh.engine import SearchEngine

    return SearchEngine(address)


def after_write(address: str | Path | None = None) -> None:
    """Prepare what the next search would otherwise build (called after a writing
    command, so that the next search starts fast); nothing for a remote index."""
    address = str(address or default_address())
    if is_remote(address):
        return
    from search.backends.whoosh.engine import ARRAY_FIELDS
    from search.backends.whoosh.facets import prepare_cache

    prepare_cache(address, ARRAY_FIELDS)
