"""What a search asks for: the request every front end builds, and its limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from search.errors import QueryError

FILTER_FIELDS = ("person", "place", "org", "date", "source", "lang")
DEFAULT_FACETS = ("person", "place", "org", "source", "lang")
SORTS = ("relevance", "recent", "newest", "oldest")
# The source facet's bucket of articles without a source, selectable as `source=(none)`.
NO_SOURCE = "(none)"
NO_SOURCE_LABEL = "(no source)"
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass
class SearchRequest:
    """What to search for: query text, filters (any spelling of an entity), sort, page."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facets: tuple[str, ...] = DEFAULT_FACETS
    facet_size: int = 10
    histogram: bool = True
    cross_lang: bool = False
    all_copies: bool = False  # count every copy of a re-published story, not just the first
    match: str = "all"  # bare words: "all" must occur, or "any" (ranked by how many)

    def validate(self) -> None:
        """Raise QueryError for a parameter out of range."""
        if self.match not in ("all", "any"):
            raise QueryError(f"match must be 'all' or 'any', not {self.match!r}")
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"page size must be between 1 and {MAX_PER_PAGE}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 0 <= self.facet_size <= 1000:
            raise QueryError("facet size must be between 0 and 1000")
        for name in (*self.filters, *self.facets):
            if name not in FILTER_FIELDS:
                raise QueryError(f"unknown facet {name!r}; facets are {', '.join(FILTER_FIELDS)}")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"--since {self.since} is after --until {self.until}")
