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
from search.backends.whoosh.hits import analyzer_for, entities, mentioned_dates
from search.results import Article, Hit

SOURCE_FIELDS = ["id", "title", "body", "url", "source", "published", "lang", "mentions",
                 "dup_of"]


def hit_from_source(source: dict, score: float | None, words: dict[str, set[str]]) -> Hit:
    """A hit from a document's `_source`, the query's words marked."""
    mentions = source.get("mentions") or []
    lang = source.get("lang") or "xx"
    terms = set(words.get(lang, ()))
    wanted = words.get("entity ids")
    if wanted:  # an entity matched: mark how this article writes it
        analyzer = analyzer_for(lang)
        for m in mentions:
            if m["id"] in wanted:
                terms.update(t.text for t in analyzer(m["text"], mode="query"))
    body = source.get("body") or ""
    return Hit(
        id=source["id"],
        title=highlight.mark_title(source.get("title") or highlight.lead(body), terms, lang),
        url=source.get("url"), source=source.get("source"),
        published=source.get("published"), language=lang,
        snippet=highlight.snippet(body, terms, lang),
        people=entities(mentions, "person", lang), places=entities(mentions, "place"),
        orgs=entities(mentions, "org"), dates=mentioned_dates(mentions),
        score=None if score is None else round(float(score), 4),
    )


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
