"""The index folder: where it is, opening or creating it, and what a run reports."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from indexer.errors import IndexUnavailable, Skipped
from indexer.schema import SCHEMA_VERSION, build_schema

INDEX_NAME = "newsdex"
DEFAULT_INDEX_DIR = ".newsdex/index"


def default_index_dir() -> Path:
    """The index folder: $NEWSDEX_INDEX, else `.newsdex/index` in the working directory."""
    return Path(os.environ.get("NEWSDEX_INDEX") or DEFAULT_INDEX_DIR)


def open_index(path: str | Path, create: bool = False):
    """Open the index at `path`; with `create`, make an empty one when there is none."""
    path = Path(path)
    try:
        if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    except (OSError, EmptyIndexError) as exc:
        raise IndexUnavailable(f"{path}: cannot open the index ({exc})") from exc
    if not create:
        raise IndexUnavailable(
            f"{path}: no newsdex index here (create one with `newsdex index PATH`)"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
        (path / "newsdex.json").write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
    except OSError as exc:
        raise IndexUnavailable(f"{path}: cannot create the index ({exc})") from exc
    return ix


@dataclass
class IndexReport:
    """What one indexing run did."""

    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    merge_failed: str | None = None  # a background merge's error: every article is indexed

    def to_dict(self) -> dict:
        """Plain values, for JSON output."""
        data = asdict(self)
        data["skipped"] = [{"origin": s.origin, "reason": s.reason} for s in self.skipped]
        return data
