"""The index folder: where it is, opening or creating it, and the format it records.

`newsdex.json` in the folder records the schema version and the storage format: newsdex's
(`codec.format.NewsdexCodec`, the default) or plain Whoosh's (`PLAIN_FORMAT`: Whoosh's own
index, writers and codec, which the differential tests compare newsdex's with). An index
of another format or version, or one whose schema names classes this newsdex no longer
has, is not opened: `IndexUnavailable` says what it is and what to run.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, EmptyIndexError, FileIndex

from indexer.backends.report import IndexReport  # noqa: F401 (re-exported)
from indexer.backends.whoosh.codec.format import FORMAT_NAME, FORMAT_VERSION
from indexer.backends.whoosh.index_class import NewsdexIndex
from indexer.backends.whoosh.schema import SCHEMA_VERSION, build_schema
from indexer.errors import IndexFormatError, IndexUnavailable

INDEX_NAME = "newsdex"
DEFAULT_INDEX_DIR = ".newsdex/index"
INFO_FILE = "newsdex.json"
PLAIN_FORMAT = "whoosh-w3"
INDEX_CLASSES = {FORMAT_NAME: (NewsdexIndex, FORMAT_VERSION), PLAIN_FORMAT: (FileIndex, 1)}


def default_index_dir() -> Path:
    """The index folder: $NEWSDEX_INDEX, else `.newsdex/index` in the working directory."""
    return Path(os.environ.get("NEWSDEX_INDEX") or DEFAULT_INDEX_DIR)


def _rebuild(path: Path, what: str) -> IndexFormatError:
    return IndexFormatError(
        f"{path}: {what}; this newsdex reads format {FORMAT_NAME} {FORMAT_VERSION}. "
        "Run `newsdex check --index PATH` for details, and index the sources again into a "
        "new folder (`newsdex index SOURCES --index NEW_FOLDER`)")


def index_format(path: str | Path) -> dict:
    """What the folder's `newsdex.json` records ({} when it is missing or unreadable)."""
    try:
        info = json.loads((Path(path) / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _index_class(path: Path) -> type[FileIndex]:
    info = index_format(path)
    name, version = info.get("format"), info.get("format_version")
    if name is None:
        raise _rebuild(path, "the index was written by an older newsdex (no storage format "
                             "recorded)")
    if INDEX_CLASSES.get(name, (None, None))[1] != version:
        raise _rebuild(path, f"the index is in storage format {name} {version}")
    return INDEX_CLASSES[name][0]


def _close_left_open(exc: BaseException) -> None:
    """Close the table-of-contents file Whoosh's `TOC.read` leaves open when unpickling
    fails (it is found in the failed call's frame)."""
    tb = exc.__traceback__
    while tb is not None:
        stream = tb.tb_frame.f_locals.get("stream")
        if stream is not None and hasattr(stream, "close"):
            stream.close()
        tb = tb.tb_next


def open_index(path: str | Path, create: bool = False,
               storage_format: str = FORMAT_NAME) -> FileIndex:
    """Open the index at `path` (a `NewsdexIndex`, or Whoosh's `FileIndex` for an index of
    PLAIN_FORMAT); with `create`, make an empty one of `storage_format` when there is none.
    Raises IndexUnavailable: no index (and not `create`), another format, unreadable."""
    path = Path(path)
    try:
        if path.is_dir() and TOC._latest_generation(FileStorage(str(path)), INDEX_NAME) >= 0:
            return _index_class(path)(FileStorage(str(path)), indexname=INDEX_NAME)
    except (ModuleNotFoundError, AttributeError, pickle.UnpicklingError) as exc:
        _close_left_open(exc)
        raise _rebuild(path, f"its schema cannot be read ({exc})") from None
    except (OSError, EmptyIndexError) as exc:
        raise IndexUnavailable(f"{path}: cannot open the index ({exc})") from exc
    if not create:
        raise IndexUnavailable(
            f"{path}: no newsdex index here (create one with `newsdex index PATH`)"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        index_class, version = INDEX_CLASSES[storage_format]
        ix = index_class.create(FileStorage(str(path)), build_schema(), INDEX_NAME)
        (path / INFO_FILE).write_text(json.dumps(
            {"schema_version": SCHEMA_VERSION, "format": storage_format,
             "format_version": version}), encoding="utf-8")
    except OSError as exc:
        raise IndexUnavailable(f"{path}: cannot create the index ({exc})") from exc
    return ix
