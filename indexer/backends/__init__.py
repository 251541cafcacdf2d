"""The write side of the storage seam: what the indexing run, `delete`, `optimize` and
`check` call, whichever engine holds the index.

An index address is a folder (the embedded Whoosh index, the default) or an
`opensearch://host:port/name` URL. `index_backend(address)` returns the backend for it;
everything engine-specific (segments, merges, processes that write segments, bulk
requests) stays behind these two protocols.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol, runtime_checkable

from indexer.article import Article
from indexer.backends.report import CheckReport, IndexReport
from indexer.errors import IndexUnavailable

REMOTE_SCHEMES = ("opensearch://", "opensearchs://")
DEFAULT_INDEX = ".newsdex/index"
DEFAULT_WAIT = 60.0  # seconds a writer waits for another writer to finish


def default_address() -> str:
    """The index address: $NEWSDEX_INDEX, else `.newsdex/index` in the working directory."""
    return os.environ.get("NEWSDEX_INDEX") or DEFAULT_INDEX


def is_remote(address: str | Path) -> bool:
    """Whether `address` names an OpenSearch index rather than a folder."""
    return str(address).startswith(REMOTE_SCHEMES)


@runtime_checkable
class ArticleStore(Protocol):
    """One writing session over an index, for a run: a context manager.

    `classify` says what an article is to the index; `write` adds it or replaces the one
    with its id; `add_origin` records one more place an indexed text came from. Written
    articles become visible to searchers at `commit` (which the store may also do by
    itself every so many articles or seconds) and at the latest when the session ends.
    Failures of the storage raise `indexer.errors.IndexUnavailable`; what was committed
    before stays intact.
    """

    def classify(self, article: Article) -> str:
        """"new", "changed", "unchanged" or "duplicate" (an indexed text from elsewhere)."""
        ...

    def write(self, article: Article, origins: list[str] | None = None,
              new: bool = False) -> str | None:
        """Add or replace one article; returns the id of the story it copies, if any."""
        ...

    def add_origin(self, article: Article) -> None:
        """Record `article.origin` as one more source of the indexed copy of its text."""
        ...

    def commit(self) -> None:
        """Make everything written so far durable and visible to searchers."""
        ...

    def entity_ids(self, kind: str) -> list[str]:
        """Ids of entities of `kind` ("person", "place", "org") the index holds, so that a
        run can give a new spelling of a known entity its id (issue 26.3). Optional: a
        store without it is asked through `held_entity_ids`, which then gives []."""
        ...

    @property
    def merge_failed(self) -> str | None:
        """Why a background maintenance step failed, if one did (nothing is lost)."""
        ...

    def __enter__(self) -> ArticleStore: ...

    def __exit__(self, exc_type, exc, tb) -> None: ...


@runtime_checkable
class IndexBackend(Protocol):
    """One engine's write side at the level of an index address."""

    address: str

    def writer(self, *, wait: float, on_wait: Callable[[str], None] | None = None,
               near_duplicates: bool = True, writers: int = 1,
               commit_every: int | None = None,
               commit_seconds: float | None = None) -> ArticleStore:
        """A writing session (creating the index if there is none). `writers`: how many
        processes may write at once, where the engine can use them."""
        ...

    def delete(self, ids: list[str] | tuple[str, ...] = (), source: str | None = None,
               before: date | None = None, *, wait: float,
               on_wait: Callable[[str], None] | None = None) -> int:
        """Delete articles by id, source, or publication before a day; returns how many.
        Raises IndexUnavailable when there is no index (none is created)."""
        ...

    def optimize(self, *, wait: float, on_wait: Callable[[str], None] | None = None) -> int:
        """Compact the index for an archive that stopped growing; returns segments/shards."""
        ...

    def check(self) -> CheckReport:
        """Verify the index without writing to it."""
        ...


def held_entity_ids(store: ArticleStore, kind: str) -> list[str]:
    """`store.entity_ids(kind)`, or [] for a store that does not implement it (yet)."""
    method = getattr(store, "entity_ids", None)
    return list(method(kind)) if method is not None else []


def bulk_retries(store: ArticleStore) -> int:
    """How many bulk requests `store` sent again because the engine could not take them
    (`store.bulk_retries`; 0 for a store without bulk requests, such as Whoosh's)."""
    return int(getattr(store, "bulk_retries", 0) or 0)


def prefetch(store: ArticleStore, articles: list[Article], stories: bool = False) -> None:
    """Let `store` ask its engine at once what the next calls about `articles` will need
    (`store.prefetch`: one request for a batch rather than one per article; `stories`: they
    are about to be written). Nothing for a store without it (Whoosh's reads its segments)."""
    method = getattr(store, "prefetch", None)
    if method is not None and articles:
        method(articles, stories=stories)


def index_backend(address: str | Path | None = None) -> IndexBackend:
    """The write backend for `address` (default: `default_address()`)."""
    address = str(address or default_address())
    if is_remote(address):
        return remote_class("indexer.backends.opensearch.backend", "OpenSearchIndex",
                            address)(address)
    from indexer.backends.whoosh.backend import WhooshIndex

    return WhooshIndex(address)


def remote_class(module: str, name: str, address: str) -> type:
    """The class `name` of the remote backend module `module`, imported on first use.

    Raises IndexUnavailable naming `address` when this installation has no such backend
    module (the address is understood, the engine to reach it is absent)."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if not (error.name and module.startswith(error.name)):
            raise  # a missing dependency of the module: not ours to rename
        from indexer.backends.opensearch.address import parse_address  # prints no password

        raise IndexUnavailable(f"{parse_address(address)}: this installation of newsdex "
                               "cannot open OpenSearch indexes yet (use an index folder)"
                               ) from None


__all__ = ["DEFAULT_WAIT", "ArticleStore", "CheckReport", "IndexBackend", "IndexReport",
           "bulk_retries", "default_address", "held_entity_ids", "index_backend", "is_remote",
           "prefetch", "remote_class"]
