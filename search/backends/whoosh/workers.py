"""A few threads for array work that numpy does without holding the interpreter lock.

One search spends most of its time in numpy: merging phrase keys per segment (sorts),
counting facets over the matched documents (gathers and bincounts). Those calls release
the interpreter lock, so on a machine with several cores the segments of a phrase, or the
facets of one search, are computed side by side, as Lucene's searcher does with an
executor. Requests are still answered one at a time per engine (see
search.backends.whoosh.engine)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS = min(4, os.cpu_count() or 1)
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _forget_pool() -> None:
    """In a forked child: the parent's pool threads do not exist here; make a new pool."""
    global _POOL, _POOL_LOCK
    _POOL = None
    _POOL_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget_pool)


def side_by_side(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """`work` over each item, in order; on several threads when there are several cores
    and items (the caller makes sure the items do not share mutable state)."""
    global _POOL
    items = list(items)
    if WORKERS == 1 or len(items) < 2:
        return [work(item) for item in items]
    with _POOL_LOCK:  # requests on several threads (one engine each) share one pool
        if _POOL is None:
            _POOL = ThreadPoolExecutor(WORKERS, thread_name_prefix="newsdex-search")
    return list(_POOL.map(work, items))
