"""Result types of a search: plain dataclasses that front ends format."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The label of each language code an article can carry.
LANGUAGE_LABELS = {"en": "English", "uk": "Українська", "ru": "Русский", "xx": "Other"}

@dataclass
class FacetValue:
    """One value of a facet with its count, as Datasette shows them."""

    value: str
    label: str
    count: int
    selected: bool = False
    extra: dict = field(default_factory=dict)  # e.g. lat/lon/country of a place

    def to_dict(self) -> dict:
        """The documented JSON shape: value, label, count, selected (+ extra keys)."""
        return {"value": self.value, "label": self.label, "count": self.count,
                "selected": self.selected, **self.extra}


@dataclass
class Bucket:
    """One bar of the date histogram: the first day of its interval and the match count."""

    key: str
    start: str
    count: int


@dataclass
class Histogram:
    """Matches per day, week, month or year over the span of the matches."""

    interval: str
    buckets: list[Bucket] = field(default_factory=list)
    undated: int = 0


@dataclass
class Hit:
    """One matching article, ready to show."""

    id: str
    title: str
    url: str | None
    source: str | None
    published: str | None
    language: str
    snippet: str  # text with matches between \ue000 and \ue001 markers (see search.highlight)
    people: list[dict]
    places: list[dict]
    orgs: list[dict]
    dates: list[str]
    score: float | None = None
    copies: list[dict] = field(default_factory=list)  # other copies of the story: id, source

    def to_dict(self) -> dict:
        """The documented JSON shape of a hit (snippet as plain text and as safe HTML)."""
        from search.highlight import as_html, as_plain

        return {
            "id": self.id, "title": as_plain(self.title), "url": self.url,
            "source": self.source, "published": self.published, "language": self.language,
            "snippet": as_plain(self.snippet), "snippet_html": as_html(self.snippet),
            "title_html": as_html(self.title), "score": self.score,
            "people": self.people, "places": self.places, "orgs": self.orgs,
            "dates": self.dates, "copies": self.copies,
        }


@dataclass
class SearchResult:
    """A page of hits with the total, facet counts and the date histogram."""

    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    histogram: Histogram | None
    took_ms: float
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    # Matches with names in every language, when this search (without) found none.
    cross_lang_total: int = 0

    def to_dict(self) -> dict:
        """The documented, stable JSON shape of a search (see README)."""
        return {
            "query": self.query, "total": self.total, "page": self.page,
            "per_page": self.per_page, "took_ms": self.took_ms,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {name: [v.to_dict() for v in values]
                       for name, values in self.facets.items()},
            "histogram": asdict(self.histogram) if self.histogram else None,
            "suggestion": self.suggestion, "notes": self.notes,
        }


def cross_lang_note(count: int) -> str:
    """The note of a search that found nothing as typed but `count` articles with names in
    every language."""
    return (f"{count} article{'s' if count > 1 else ''} match with names in every language "
            "(cross-language search)")


@dataclass
class Article:
    """A stored article with its entities and every mention, for `show` and the article page."""

    id: str
    title: str
    body: str
    url: str | None
    source: str | None
    published: str | None
    language: str
    authors: list[str]
    origins: list[str]
    people: list[dict]
    places: list[dict]
    orgs: list[dict]
    dates: list[str]
    mentions: list[dict]
    copies: list[dict] = field(default_factory=list)  # other copies of the story: id, source


@dataclass
class Stats:
    """What an index holds."""

    articles: int
    stories: int  # articles less the later copies of a re-published story
    inputs: int
    languages: list[FacetValue]
    sources: list[FacetValue]
    first_published: str | None
    last_published: str | None
    undated: int
    top: dict[str, list[FacetValue]]
    index_dir: str
    size_bytes: int


def to_plain(obj) -> dict:
    """A dataclass tree as plain JSON-ready values."""
    return asdict(obj)
