"""Decoded posting lists of a segment's terms, kept in memory while they are used.

Whoosh stores each posting block as a zlib-compressed pickle of ids, weights and encoded
positions. Decoding them is most of the time of a broad query: the profile of two common
words ANDed over 100,000 articles put 60-70% of it in `zlib.decompress` and unpickling
(benchmarks/scale.py). Segments never change once written (deletions are a separate
mask), so a term's decoded arrays stay valid for the segment's life. They are kept here,
keyed by segment and term, and the least recently used are dropped past a
memory budget (`NEWSDEX_POSTINGS_MB`, default 512 MB): a term of many queries (a common
word, a big source) is decoded once per process, as a search engine keeps its hot
postings in memory. Arrays handed out are read-only.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

DEFAULT_BUDGET_MB = 512


class DecodedCache:
    """Arrays by key, least recently used first out past a byte budget; thread-safe."""

    def __init__(self, budget_bytes: int) -> None:
        """An empty cache holding at most `budget_bytes` of arrays."""
        self.budget = budget_bytes
        self.used = 0
        self._items: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], tuple[np.ndarray, ...]]
            ) -> tuple[np.ndarray, ...]:
        """The arrays under `key`, built (and kept, when they fit) on first use."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        arrays = build()
        for array in arrays:
            array.flags.writeable = False
        size = sum(a.nbytes for a in arrays) + 200
        if size > self.budget // 4:  # one huge list would flush everything else
            return arrays
        with self._lock:
            if key not in self._items:
                self._items[key] = arrays
                self.used += size
            while self.used > self.budget and self._items:
                _key, dropped = self._items.popitem(last=False)
                self.used -= sum(a.nbytes for a in dropped) + 200
        return arrays

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._items

    def clear(self) -> None:
        """Drop everything."""
        with self._lock:
            self._items.clear()
            self.used = 0

    def __len__(self) -> int:
        return len(self._items)


def _budget() -> int:
    try:
        megabytes = float(os.environ.get("NEWSDEX_POSTINGS_MB", DEFAULT_BUDGET_MB))
    except ValueError:
        megabytes = DEFAULT_BUDGET_MB
    return int(max(0.0, megabytes) * 2**20)


CACHE = DecodedCache(_budget())


def term_key(segment_reader, kind: str, fieldname: str, btext: bytes) -> tuple:
    """The cache key of one term of one segment (`kind` names what was decoded).

    A segment's files never change, so its folder and id name its content. The id alone
    does not: Whoosh draws it from Python's `random`, which a seeded process (Hypothesis
    seeds it for every example) repeats, so two indexes of one process can share an id.
    """
    return (_folder(segment_reader._storage), segment_reader.segment().segment_id(), kind,
            fieldname, btext)


def _folder(storage) -> str | None:
    """The index folder behind a segment reader's storage (an overlay of the segment's
    compound file on the folder, or the folder itself)."""
    for _ in range(4):
        folder = getattr(storage, "folder", None)
        if folder is not None:
            return str(folder)
        storage = getattr(storage, "b", None) or getattr(storage, "a", None)
        if storage is None:
            break
    return None
