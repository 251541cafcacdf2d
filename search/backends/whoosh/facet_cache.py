"""The facet arrays kept on disk next to the index, in `facet-cache/`.

- Per segment (`SegmentArrays`): each facet value's documents (CSR) and each document's
  publication day, keyed by the segment id. Segments never change (deletions only change
  the live mask), so a new searcher reads only the segments it has not seen.
- For the whole index (`load_whole`, `save_whole`): the per-segment arrays merged, keyed by
  the list of segment ids. Merging them was a large part of opening a large index (figures:
  BENCHMARKS.md, design measurements); `newsdex index` saves the merged arrays at its end,
  so an archive that stopped growing opens with one read.

`load_whole` returns None when the arrays of exactly these segments were not saved or cannot
be read (the caller builds them instead); writing is atomic and skipped on a read-only index,
as the cache is an optimization only.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np

from search.backends.whoosh.matches import posting_ids

_MICROS_PER_DAY = 86_400_000_000
_MISSING = np.iinfo(np.uint64).max
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
UNDATED = np.iinfo(np.int32).min
CACHE_DIR = "facet-cache"
WHOLE_DIR = "whole"
_CACHE_VERSION = 1


def _segment_days(reader) -> np.ndarray:
    """Publication day of each document of one segment (UNDATED if none)."""
    size = reader.doc_count_all()
    days = np.full(size, UNDATED, dtype=np.int32)
    if size and reader.has_column("published"):
        column = reader.column_reader("published", translate=False)
        raw = np.fromiter((int(column[i]) for i in range(size)), dtype=np.uint64, count=size)
        dated = raw != _MISSING
        days[dated] = (raw[dated] // _MICROS_PER_DAY).astype(np.int64) + 1 - _EPOCH_ORDINAL
    return days


def _segment_field(reader, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Values of one field in one segment, with their documents (CSR: docs and offsets)."""
    values, chunks, offsets = [], [], [0]
    if field in reader.schema.names():
        fmt = reader.schema[field].format
        for raw in reader.lexicon(field):
            ids = posting_ids(reader._terms.matcher(field, raw, fmt))
            values.append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
            chunks.append(ids)
            offsets.append(offsets[-1] + len(ids))
    docs = np.concatenate(chunks).astype(np.int32) if chunks else np.zeros(0, dtype=np.int32)
    return values, docs, np.asarray(offsets, dtype=np.int64)


class SegmentArrays:
    """The facet arrays of one segment (local document numbers), loaded or built once."""

    def __init__(self, reader, fields: tuple[str, ...], cache: Path | None):
        path = None
        if cache is not None:
            segment_id = reader.segment().segment_id()
            path = cache / f"{segment_id}.v{_CACHE_VERSION}.{'-'.join(fields)}.npz"
        if path is not None and path.exists():
            with np.load(path, allow_pickle=False) as data:
                self.days = data["days"]
                self.fields = {f: (data[f"{f}.values"].tolist(), data[f"{f}.docs"],
                                   data[f"{f}.offsets"]) for f in fields}
            return
        self.days = _segment_days(reader)
        self.fields = {f: _segment_field(reader, f) for f in fields}
        if path is not None:
            self._save(path)

    def _save(self, path: Path) -> None:
        _write(path, self.days, self.fields)


def cache_dir(searcher) -> Path | None:
    """The cache folder of a searcher's index (None for an index not in a folder)."""
    folder = getattr(getattr(searcher, "_ix", None), "storage", None)
    folder = getattr(folder, "folder", None)
    return Path(folder) / CACHE_DIR if folder else None


def prune_cache(index_dir: str | Path, segment_ids: Iterable[str]) -> int:
    """Remove cached arrays of segments that are gone, and merged arrays of any other set
    of segments; returns how many files went."""
    ids = list(segment_ids)
    keep = set(ids)
    folder = Path(index_dir) / CACHE_DIR
    current = _whole_path(folder, ids, None).name.split(".", 1)[0]
    removed = 0
    for path in [*folder.glob("*.npz"), *(folder / WHOLE_DIR).glob("*.npz")]:
        prefix = path.name.split(".", 1)[0]
        if prefix not in keep and prefix != current:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _whole_path(folder: Path, segment_ids: list[str], fields: tuple[str, ...] | None) -> Path:
    """Where the merged arrays of these segments (in this order) and fields are kept."""
    digest = hashlib.sha1("|".join(segment_ids).encode()).hexdigest()[:20]
    name = f"{digest}.v{_CACHE_VERSION}.{'-'.join(fields or ())}.npz"
    return folder / WHOLE_DIR / name


def load_whole(folder: Path, segment_ids: list[str], fields: tuple[str, ...]
               ) -> tuple[np.ndarray, dict[str, tuple[list[str], np.ndarray, np.ndarray]]] | None:
    """(days, {field: (values, docs, offsets)}) merged over exactly these segments, or None
    when they were not saved."""
    path = _whole_path(folder, segment_ids, fields)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return data["days"], {f: (data[f"{f}.values"].tolist(), data[f"{f}.docs"],
                                      data[f"{f}.offsets"]) for f in fields}
    except (OSError, ValueError, KeyError):  # a damaged or partial file: build instead
        return None


def save_whole(folder: Path, segment_ids: list[str], days: np.ndarray,
               by_field: dict[str, tuple[list[str], np.ndarray, np.ndarray]]) -> None:
    """Keep the arrays merged over these segments (written by `newsdex index` at its end:
    the next searcher of an index that stopped changing loads them in one read)."""
    _write(_whole_path(folder, segment_ids, tuple(by_field)), days.astype(np.int32), by_field)


def _write(path: Path, days: np.ndarray,
           by_field: dict[str, tuple[list[str], np.ndarray, np.ndarray]]) -> None:
    """Write arrays atomically (a temporary file renamed); a read-only index is skipped."""
    arrays = {"days": days}
    for f, (values, docs, offsets) in by_field.items():
        arrays[f"{f}.values"] = np.asarray(values, dtype=str)
        arrays[f"{f}.docs"] = docs
        arrays[f"{f}.offsets"] = offsets
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            np.savez(out, **arrays)
        tmp.replace(path)
    except OSError:  # a read-only index: the cache is an optimization only
        pass
