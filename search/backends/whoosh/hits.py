"""Ranking a page of matches and turning stored documents into `Hit`s."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from itertools import islice

import numpy as np
from whoosh import query as wq
from whoosh.idsets import DocIdSet

from indexer.backends.whoosh.analysis import analyzer_for as _analyzer_for
from search import highlight
from search.backends.whoosh import ranking
from search.backends.whoosh.bm25f import top_k
from search.results import Hit

UNDATED = np.iinfo(np.int32).min
# One analyzer per language for the process: a fresh one starts with a cold stemming cache.
analyzer_for = lru_cache(maxsize=16)(_analyzer_for)


def iso(value) -> str | None:
    """A stored datetime as ISO 8601, or None."""
    return value.isoformat() if isinstance(value, datetime) else None


def entities(mentions: list[dict], kind: str, language: str = "xx") -> list[dict]:
    """Distinct entities of one type from stored mentions, in order of first mention.

    In an English article a person is named as the article writes the full name
    ("Oleksandr Syrskii"); elsewhere, and for places and organizations, by the canonical
    name that the facets show too.
    """
    seen: dict[str, dict] = {}
    for m in mentions:
        if m["type"] != kind:
            continue
        if m["id"] not in seen:
            entity = {"id": m["id"], "name": m["name"]}
            if kind == "place":
                entity.update(lat=m.get("lat"), lon=m.get("lon"), country=m.get("country"))
            seen[m["id"]] = entity
        written = " ".join(m["text"].split())
        if (kind == "person" and language == "en" and written.isascii() and " " in written
                and len(written) > len(seen[m["id"]].get("written", ""))):
            seen[m["id"]]["written"] = written
    for entity in seen.values():
        entity["name"] = entity.pop("written", entity["name"])
    return list(seen.values())


def mentioned_dates(mentions: list[dict]) -> list[str]:
    """Distinct dates mentioned, sorted."""
    return sorted({m["id"] for m in mentions if m["type"] == "date"})


def query_words(q: wq.Query, reader) -> dict[str, set[str]]:
    """The analyzed query words per language, for highlighting."""
    words: dict[str, set[str]] = {}
    # all_terms() for plain terms; existing_terms(expand) adds what wildcards expand to.
    # Only text and entity terms are words: a date or number field's terms are binary.
    for fieldname, text in set(q.all_terms()) | q.existing_terms(reader, expand=True):
        if fieldname.startswith(("title_", "body_")):
            lang = fieldname.split("_", 1)[1]
            words.setdefault(lang, set()).add(_text(text))
        elif fieldname in ("person", "place", "org"):
            words.setdefault("entity ids", set()).add(_text(text))
    return words


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


class MaskSet(DocIdSet):
    """A numpy document mask as Whoosh's filter set, without building a Python set."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    def __contains__(self, docnum: int) -> bool:
        return bool(self.mask[docnum])

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))

    def __bool__(self) -> bool:
        return True


def ranked(searcher, days: np.ndarray, q: wq.Query, matched: np.ndarray, sort: str,
           first: int, count: int, filtered: bool,
           scores: np.ndarray | None = None,
           scorer: Callable[[], np.ndarray | None] | None = None,
           ) -> list[tuple[int, float | None]]:
    """(docnum, score) of matches first..first+count, best or newest first.

    `scores`, when the query was scored as a whole (`search.backends.whoosh.bm25f`), ranks without
    Whoosh. In a date sort, undated matches come after the dated ones, best first (`scorer`
    gives the scores when `scores` were not made; else Whoosh ranks them).
    """
    if sort == "recent" and not isinstance(q, wq.Every):
        if scores is not None:
            return _blend(days, top_k(scores, matched, max(RECENT_POOL, first + count)),
                          first, count)
        return _recent(searcher, days, q, matched, first, count, filtered)
    if sort == "relevance" and scores is not None:
        return list(top_k(scores, matched, first + count)[first:first + count])
    if sort == "relevance" and not isinstance(q, wq.Every):
        allowed = MaskSet(matched) if filtered else None
        results = searcher.search(q, limit=first + count, filter=allowed)
        return [(hit.docnum, hit.score) for hit in results[first:first + count]]
    docs = np.flatnonzero(matched)
    doc_days = days[docs].astype(np.int64)
    dated = doc_days != UNDATED
    wanted = first + count
    on_days = docs[dated]
    keys = -doc_days[dated] if sort != "oldest" else doc_days[dated]  # newest first, or oldest
    out = [(int(d), None) for d in _first_by(keys, on_days, wanted)[first:]]
    if wanted > on_days.size:  # the page reaches the undated matches
        out += _undated(searcher, q, docs[~dated], max(0, first - on_days.size),
                        wanted - on_days.size, scores, scorer)
    return out


def _first_by(keys: np.ndarray, docs: np.ndarray, wanted: int) -> np.ndarray:
    """The first `wanted` of `docs` ordered by `keys`, ties by the later docnum first."""
    if docs.size > 4 * wanted:  # a page of a large set: order only its candidates
        kth = np.partition(keys, wanted - 1)[wanted - 1]
        keep = keys <= kth
        docs, keys = docs[keep], keys[keep]
    return docs[np.lexsort((-docs, keys))][:wanted]


def _undated(searcher, q: wq.Query, docs: np.ndarray, skip: int, wanted: int,
             scores: np.ndarray | None, scorer) -> list[tuple[int, float | None]]:
    """Ranks skip..wanted of the undated matches `docs`, most relevant first."""
    if isinstance(q, wq.Every) or not docs.size:  # no relevance: as dated ties are
        return [(int(d), None) for d in _first_by(np.zeros(docs.size), docs, wanted)[skip:]]
    if scores is None and scorer is not None:
        scores = scorer()
    if scores is None:  # Whoosh ranks them (ties: the lower docnum first)
        allowed = MaskSet(_mask_of(docs, searcher.doc_count_all()))
        found = [hit.docnum for hit in searcher.search(q, limit=wanted, filter=allowed)]
    else:  # as top_k ranks: ties by the lower docnum first
        found = [d for d, _score in top_k(scores, _mask_of(docs, scores.size), wanted)]
    taken = set(found)  # matched without a score: after the scored ones
    rest = (int(d) for d in docs if int(d) not in taken)
    found += list(islice(rest, wanted - len(found)))
    return [(d, None) for d in found[skip:wanted]]


def _mask_of(docs: np.ndarray, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[docs] = True
    return mask


RECENT_POOL = 200


def _recent(searcher, days: np.ndarray, q: wq.Query, matched: np.ndarray, first: int,
            count: int, filtered: bool) -> list[tuple[int, float | None]]:
    """Newest relevant first: the best RECENT_POOL by relevance, scores decayed by age.

    Age counts from the newest match (an archive's "now"), halving the score every
    `ranking.RECENCY_HALF_LIFE_DAYS`; undated articles count as a year old.
    """
    allowed = MaskSet(matched) if filtered else None
    pool = searcher.search(q, limit=max(RECENT_POOL, first + count), filter=allowed)
    return _blend(days, [(hit.docnum, hit.score) for hit in pool], first, count)


def _blend(days: np.ndarray, pool: list[tuple[int, float]], first: int,
           count: int) -> list[tuple[int, float | None]]:
    """The pool of best matches re-ordered by score decayed with age."""
    docs = np.array([d for d, _s in pool], dtype=np.int64)
    if not docs.size:
        return []
    scores = np.array([s for _d, s in pool], dtype=float)
    doc_days = days[docs]
    dated = doc_days != UNDATED
    newest = doc_days[dated].max() if dated.any() else 0
    age = np.where(dated, newest - doc_days, 365)
    blended = scores * ranking.recency_factor(age)
    order = np.argsort(-blended, kind="stable")[first:first + count]
    return [(int(docs[i]), float(blended[i])) for i in order]


def build_hit(searcher, docnum: int, score: float | None, words: dict[str, set[str]]) -> Hit:
    """A hit from a stored document, with the matched words marked."""
    stored = searcher.stored_fields(docnum)
    mentions = json.loads(stored.get("record") or "{}").get("mentions", [])
    return marked_hit(stored, iso(stored.get("published")), mentions, score, words)


def marked_hit(stored: dict, published: str | None, mentions: list[dict],
               score: float | None, words: dict[str, set[str]]) -> Hit:
    """A hit from an article's stored fields (id, title, body, url, source, lang: any
    backend's) and its mentions, the query's `words` (per language, and "entity ids":
    how the article writes a matched entity) marked in title and snippet."""
    lang = stored.get("lang") or "xx"
    terms = set(words.get(lang, ()))
    wanted = words.get("entity ids")
    if wanted:  # an entity matched: mark how this article writes it
        analyzer = analyzer_for(lang)
        for m in mentions:
            if m["id"] in wanted:
                terms.update(t.text for t in analyzer(m["text"], mode="query"))
    body = stored.get("body") or ""
    return Hit(
        id=stored["id"],
        title=highlight.mark_title(stored.get("title") or highlight.lead(body), terms, lang),
        url=stored.get("url"), source=stored.get("source"),
        published=published, language=lang,
        snippet=highlight.snippet(body, terms, lang),
        people=entities(mentions, "person", lang), places=entities(mentions, "place"),
        orgs=entities(mentions, "org"), dates=mentioned_dates(mentions),
        score=None if score is None else round(float(score), 4),
    )
