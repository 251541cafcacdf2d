"""`WhooshIndex`: the write protocol (`indexer.backends.IndexBackend`) over a folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from indexer.backends.report import CheckReport
from indexer.backends.whoosh.writer import COMMIT_EVERY, COMMIT_SECONDS, ArticleWriter


class WhooshIndex:
    """The embedded index in the folder `address` (created by the first writer)."""

    def __init__(self, address: str | Path):
        self.address = str(address)

    def writer(self, *, wait: float, on_wait: Callable[[str], None] | None = None,
               near_duplicates: bool = True, writers: int = 1,
               commit_every: int | None = None,
               commit_seconds: float | None = None) -> ArticleWriter:
        """An `ArticleWriter`; `writers` > 1 lets that many processes write segments."""
        from indexer.backends.whoosh.merge.policy import tier_floor

        every = commit_every or COMMIT_EVERY
        # The smallest batch the time rule may commit when several processes write
        # segments: each process's segment is then in the merge tier of a full batch's
        # (shorter batches made segments of a lower tier, merged once more).
        min_batch = writers * tier_floor(max(1, every // writers)) if writers > 1 else 0
        return ArticleWriter(self.address, commit_every=every, wait=wait,
                             commit_seconds=commit_seconds or COMMIT_SECONDS,
                             near_duplicates=near_duplicates, on_wait=on_wait,
                             procs=writers, min_batch=min_batch)

    def delete(self, ids: list[str] | tuple[str, ...] = (), source: str | None = None,
               before: date | None = None, *, wait: float,
               on_wait: Callable[[str], None] | None = None) -> int:
        """Delete by id, source or publication day (see `maintenance.delete_articles`)."""
        from indexer.backends.whoosh.maintenance import delete_articles

        return delete_articles(self.address, ids=ids, source=source, before=before,
                               wait=wait, on_wait=on_wait)

    def optimize(self, *, wait: float, on_wait: Callable[[str], None] | None = None) -> int:
        """Merge every segment into one; returns the segments left."""
        from indexer.backends.whoosh.maintenance import optimize_index

        return optimize_index(self.address, wait=wait, on_wait=on_wait)

    def check(self) -> CheckReport:
        """Open every segment and stored document (see `check.check_index`)."""
        from indexer.backends.whoosh.check import check_index

        return check_index(self.address)
