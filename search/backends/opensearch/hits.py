"""OpenSearch documents (`_source`, the writer's shape: `indexer.backends.opensearch.
documents`) as the `Hit`s and `Article`s every front end shows.

Snippets and marked titles come from newsdex's own highlighter (`search.highlight`) over the
analyzed words of the query, as on the Whoosh backend, not from OpenSearch's highlighter:
the language fields hold newsdex's pre-analyzed lemmas without character offsets, so
OpenSearch could only mark the words as typed (Харків, not Харкові), and the two backends
would show different snippets for the same hit.
"""

from __future__ import annotations

from search import highlight
from search.backends.opensearch.aggs import day_of
from search.backends.whoosh import ranking
from search.backends.whoosh.hits import entities, marked_hit, mentioned_dates
from search.results import Article, Hit

SOURCE_FIELDS = ["id", "title", "body", "url", "source", "published", "lang", "mentions",
                 "dup_of"]


def hit_from_source(source: dict, score: float | None, words: dict[str, set[str]]) -> Hit:
    """A hit from a document's `_source`, the query's words marked (as on Whoosh)."""
    return marked_hit(source, source.get("published"), source.get("mentions") or [], score,
                      words)


def article_from_source(source: dict, copies: list[dict]) -> Article:
    """The `Article` of a document's `_source` with the other copies of its story."""
    mentions = source.get("mentions") or []
    lang = source.get("lang") or "xx"
    return Article(
        id=source["id"], title=source.get("title") or highlight.lead(source.get("body") or ""),
        body=source.get("body") or "", url=source.get("url"), source=source.get("source"),
        published=source.get("published"), language=lang,
        authors=list(source.get("authors") or []), origins=list(source.get("origins") or []),
        people=entities(mentions, "person", lang), places=entities(mentions, "place"),
        orgs=entities(mentions, "org"), dates=mentioned_dates(mentions), mentions=mentions,
        copies=copies,
    )


def copies_by_id(sources: list[dict], related: list[dict]) -> dict[str, list[dict]]:
    """The other copies of each story among `sources`: `related` holds every document whose
    id or `dup_of` is one of their roots (first copy first, then the others by id)."""
    by_root: dict[str, list[dict]] = {}
    for doc in sorted(related, key=lambda d: (bool(d.get("dup_of")), d["id"])):
        root = doc.get("dup_of") or doc["id"]
        by_root.setdefault(root, []).append(doc)
    out = {}
    for source in sources:
        root = source.get("dup_of") or source["id"]
        out[source["id"]] = [{"id": d["id"], "source": d.get("source"), "url": d.get("url")}
                             for d in by_root.get(root, []) if d["id"] != source["id"]]
    return out


def blend_recent(found: list[dict]) -> list[dict]:
    """The pool of best matches re-ordered by score decayed with age (as the Whoosh
    backend's "recent": age from the newest match, undated as a year old)."""
    days = [day_of((h["_source"].get("published") or "")[:10] or None) for h in found]
    dated = [d for d in days if d]
    newest = max(dated) if dated else None
    scored = []
    for i, (hit, day) in enumerate(zip(found, days, strict=True)):
        age = (newest - day).days if day and newest else 365
        scored.append((-(hit.get("_score") or 0.0) * ranking.recency_factor(age), i, hit))
    scored.sort(key=lambda t: (t[0], t[1]))
    out = []
    for blended, _i, hit in scored:
        out.append({**hit, "_score": -blended})
    return out
