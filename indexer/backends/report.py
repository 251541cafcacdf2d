"""The reports every backend returns: of an indexing run, and of a check."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from indexer.errors import Skipped


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
    bulk_retries: int = 0  # bulk requests sent again (OpenSearch: 429, 5xx, no connection)

    def to_dict(self) -> dict:
        """Plain values, for JSON output."""
        data = asdict(self)
        data["skipped"] = [{"origin": s.origin, "reason": s.reason} for s in self.skipped]
        return data


@dataclass
class CheckReport:
    """What a check of an index found."""

    index_dir: str
    format: str = ""  # the storage format the index records ("name version")
    generation: int = -1
    segments: int = 0
    documents: int = 0
    deleted: int = 0
    locked: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems
