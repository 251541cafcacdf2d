"""Whole-index operations over the writer: deleting articles, merging every segment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from indexer.backends.whoosh.merge.policy import merge_all
from indexer.backends.whoosh.store import open_index
from indexer.backends.whoosh.writer import DEFAULT_WAIT, ArticleWriter
from indexer.errors import IndexUnavailable


def delete_articles(index_dir: str | Path, ids: list[str] | tuple[str, ...] = (),
                    source: str | None = None, before: date | None = None,
                    wait: float = DEFAULT_WAIT,
                    on_wait: Callable[[str], None] | None = None) -> int:
    """Delete articles from the index by id, source, or publication before a day."""
    open_index(index_dir)  # IndexUnavailable if there is no index: never create one here
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait) as writer:
        return writer.delete_where(ids=ids, source=source, before=before)


def optimize_index(index_dir: str | Path, wait: float = DEFAULT_WAIT,
                   on_wait: Callable[[str], None] | None = None) -> int:
    """Merge every segment into one (for an archive that stopped growing); returns segments."""
    open_index(index_dir)  # IndexUnavailable if there is no index
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait) as writer:
        whoosh_writer = writer._whoosh_writer()
        try:
            whoosh_writer.commit(mergetype=merge_all)
        except OSError as exc:
            raise IndexUnavailable(f"{index_dir}: cannot write the index "
                                   f"({exc.strerror or exc}); the index is unchanged") from exc
    return len(open_index(index_dir)._segments())
