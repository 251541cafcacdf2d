"""The gazetteer on disk: one SQLite file, read a key at a time.

Unpickling the whole gazetteer (about 10 MB of dicts) was most of the time of a one-query
`newsdex search` with a place filter or the cross-language switch, which needs a handful of
its names (figures: BENCHMARKS.md, CLI cold start). Stored as tables, a process reads only
the names it asks for; an indexing run reads each name once and keeps it.

Tables: `places` (one row per place), `aliases` and `folds` (key -> ids joined by \\x1f),
`meta` (the small parts, pickled: regions, capitals). The file is written once, to a
temporary name and renamed, and never changed in place, so it is opened `immutable`.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

_SEP = "\x1f"
_MISSING = object()
MAX_REMEMBERED = 500_000  # keys a table keeps decoded (an indexing run asks for many)
_SMALL_PARTS = ("capital_region", "region_stems", "region_en", "capitals")


class GazetteerFile:
    """A read-only connection to a written gazetteer file, reopened after a fork.

    Raises sqlite3.DatabaseError (or OSError) at opening when the file is missing, not a
    gazetteer, or incomplete."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        if not self.path.is_file():
            raise OSError(f"{self.path}: no gazetteer file")
        row = self.fetch("meta", "small")
        if row is None:
            raise sqlite3.DatabaseError(f"{self.path}: an incomplete gazetteer file")
        self.small_parts: dict[str, Any] = pickle.loads(row[1])

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def fetch(self, table: str, key: str) -> tuple | None:
        """The row of `key` in `table`, key first; None when absent."""
        with self._lock:
            row = self._connection().execute(
                f"SELECT * FROM {table} WHERE key = ?", (key,)).fetchone()
        return row

    def keys(self, table: str) -> list[str]:
        """Every key of a table (a full scan: for tools and tests, not for lookups)."""
        with self._lock:
            return [r[0] for r in self._connection().execute(f"SELECT key FROM {table}")]


class StoredTable(Mapping):
    """A read-only mapping over one table of a gazetteer file; each value is decoded on
    first use and kept (up to MAX_REMEMBERED keys), absent keys too."""

    def __init__(self, store: GazetteerFile, table: str, decode: Callable[[tuple], Any]):
        self._store, self._table, self._decode = store, table, decode
        self._memo: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        value = self._memo.get(key, _MISSING)
        if value is _MISSING:
            row = self._store.fetch(self._table, key) if isinstance(key, str) else None
            value = None if row is None else self._decode(row)
            if len(self._memo) >= MAX_REMEMBERED:
                self._memo.clear()
            self._memo[key] = value
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._store.keys(self._table))

    def __len__(self) -> int:
        return len(self._store.keys(self._table))


def _ids(row: tuple) -> list[str]:
    return row[1].split(_SEP)


def read(path: Path, place_type: type) -> dict[str, Any]:
    """The fields of a Gazetteer over the file at `path`: `places`, `aliases` and `folds`
    as StoredTables, the small parts as they were written. `place_type` builds a place
    from its row. Raises OSError or sqlite3.DatabaseError when the file is unusable."""
    store = GazetteerFile(path)
    return {"places": StoredTable(store, "places", lambda row: place_type(*row)),
            "aliases": StoredTable(store, "aliases", _ids),
            "folds": StoredTable(store, "folds", _ids),
            **store.small_parts}


def write(gaz: Any, path: Path) -> None:
    """Write a built gazetteer (its dicts) to `path` atomically: a temporary file renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(
            "CREATE TABLE places (key TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL,"
            " country TEXT, population INTEGER, kind TEXT, region TEXT) WITHOUT ROWID;"
            "CREATE TABLE aliases (key TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;"
            "CREATE TABLE folds (key TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;")
        conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
            (p.id, p.name, p.lat, p.lon, p.country, p.population, p.kind, p.region)
            for p in gaz.places.values()))
        for table in ("aliases", "folds"):
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                             ((k, _SEP.join(v)) for k, v in getattr(gaz, table).items() if v))
        small = {name: getattr(gaz, name) for name in _SMALL_PARTS}
        conn.execute("INSERT INTO meta VALUES ('small', ?)",
                     (pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL),))
        conn.commit()
    finally:
        conn.close()
    tmp.replace(path)
