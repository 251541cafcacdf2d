"""Reads of the stored articles rather than the postings: one article with its entities and
copies, and the index's counts (`newsdex show`, `newsdex stats`, `/api/articles/<id>`).

Both take an open searcher and the index's facet arrays (`FacetIndex`); neither searches.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from indexer.duplicates.minhash import copies_of
from search import highlight
from search.backends.whoosh.facets import FACETS, FacetIndex
from search.backends.whoosh.hits import entities, iso, mentioned_dates
from search.errors import ArticleNotFound
from search.results import Article, FacetValue, Stats


def read_article(searcher, index_dir: Path, article_id: str) -> Article:
    """The stored article `article_id` with its entities, mentions and copies.

    Raises ArticleNotFound when the index holds no article with that id."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        raise ArticleNotFound(f"no article with id {article_id!r} in {index_dir}")
    stored = searcher.stored_fields(docnum)
    record = json.loads(stored.get("record") or "{}")
    mentions = record.get("mentions", [])
    return Article(
        id=stored["id"], title=stored.get("title") or highlight.lead(stored.get("body", "")),
        body=stored.get("body", ""),
        url=stored.get("url"), source=stored.get("source"),
        published=iso(stored.get("published")), language=stored.get("lang", "xx"),
        authors=record.get("authors", []), origins=record.get("origins", []),
        people=entities(mentions, "person", stored.get("lang", "xx")),
        places=entities(mentions, "place"),
        orgs=entities(mentions, "org"),
        dates=mentioned_dates(mentions), mentions=mentions,
        copies=copies_of(searcher, stored["id"]),
    )


def index_stats(searcher, facets: FacetIndex, copies: np.ndarray, index_dir: Path,
                top: int = 10) -> Stats:
    """Counts per language and source, the date span, the top `top` entities per kind, the
    stories (live articles that are no later copy: `copies` marks those) and the size."""
    live = facets.live
    inputs = sum(len(json.loads(d.get("record") or "{}").get("origins", [])) or 1
                 for d in searcher.all_stored_fields())
    dated = facets.days[live & (facets.days > np.iinfo(np.int32).min)]

    def day(value) -> str | None:
        return None if value is None else str(np.datetime64(int(value), "D"))

    def values(name: str, size: int) -> list[FacetValue]:
        return FACETS[name].values(facets, live, [], size)

    size = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file())
    return Stats(
        articles=int(live.sum()), inputs=inputs,
        languages=values("lang", 100), sources=values("source", top),
        first_published=day(dated.min()) if dated.size else None,
        last_published=day(dated.max()) if dated.size else None,
        undated=int(live.sum() - dated.size),
        top={name: values(name, top) for name in ("person", "place", "org")},
        index_dir=str(index_dir), size_bytes=size,
        stories=int((live & ~copies).sum()),
    )
