"""Articles as OpenSearch documents and back: the contract between the writer and the reader.

A document's `_id` is `doc_id(article.id)`: the article id itself (normalized URL or
`sha1:` hash), or `sha1:` + the SHA-1 of it when the id is longer than OpenSearch's 512
bytes. Deterministic, so a retried bulk request or a second writer replaces, never
duplicates. Fields (`indexer.backends.opensearch.mapping` declares their types):

- `id` (keyword, the full article id), `hash` (keyword: `Article.content_hash`), `url`,
  `title`, `body` (as written; `title`/`body` also indexed with `newsdex_plain`, offsets in
  the postings, for highlighting), `source` (keyword as written; `source.lower` lower-cased,
  as Whoosh's `source:` matches), `lang` (keyword: en/uk/ru/..., "xx" when unknown, as in
  Whoosh), `published` (date, ISO 8601 without a zone as Whoosh stores it; absent when
  unknown), `authors`, `origins` (every input the text was read from: path, path:line, URL).
- `mentions`: every `indexer.article.Mention` as a dict of its fields (not indexed): the
  reader rebuilds `search.results.Article` (people, places, orgs in order of first mention,
  dates, mentions) from it with `article_from_source`.
- Facets: `person`, `place`, `org` (keyword arrays of canonical ids, sorted, distinct),
  `date` (date array, `YYYY-MM-DD`, the dates the text mentions); `<kind>_names` (keyword,
  lower-case normalizer: every spelling, the canonical name and each mention's text as
  written, for `complete` and `resolve`); `<kind>_entity` (the entity as its JSON shape,
  `json.dumps(Mention.entity())`, one per id, in the order of `<kind>`: the facet label and,
  for places, lat/lon/country).
- Near-duplicates: `dup_of` (keyword: the first copy's id, absent on a first copy), `copy`
  (true on every later copy: search counts a story once with `copy != true`), `bands`
  (keyword array: the 17 LSH band codes of `dedup.band_codes`, as decimal strings; a terms
  query on them finds candidate copies from any machine), `minhash` (binary, base64: the
  signature, `dedup.to_bytes`). Bodies too short to compare have none of these.
- Text, pre-tokenized with newsdex's own analyzers (`indexer.backends.whoosh.analysis`, the
  Whoosh backend's, so both agree on morphology): `title_<lang>` and `body_<lang>` of the
  article's language only (`en`, `uk`, `ru`, else `xx`, the Whoosh field names). One
  whitespace-separated token per position; the lemmas of one position joined by `|`
  (`харків|харко`), which the mapping's `newsdex_lemmas` analyzer stacks at one position.
  Stop words are dropped and positions renumbered, as in Whoosh. A query is analyzed the
  same way (`analyzed(text, lang, mode="query")`) and sent to the same analyzer.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import fields
from datetime import date, datetime

from indexer.article import Article, Mention
from indexer.backends.opensearch.mapping import ALTERNATIVES, ENTITY_KINDS
from indexer.backends.whoosh.analysis import analyzer_for
from indexer.backends.whoosh.schema import text_field
from indexer.duplicates import minhash as dedup

MAX_ID_BYTES = 512  # OpenSearch's limit on a document's _id
_ANALYZERS = threading.local()  # each thread's analyzers, one per language
_MENTION_FIELDS = tuple(f.name for f in fields(Mention))


def doc_id(article_id: str) -> str:
    """The `_id` of the document of `article_id` (deterministic; see the module)."""
    if len(article_id.encode("utf-8")) <= MAX_ID_BYTES:
        return article_id
    return "sha1:" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()


def analyzed(text: str, language: str | None, mode: str = "index") -> str:
    """`text` analyzed by newsdex's analyzer for `language`, as a pre-tokenized field value:
    positions separated by spaces, the lemmas of one position joined by `|`."""
    positions: list[list[str]] = []
    last = None
    lang = language if language in ("en", "uk", "ru") else "xx"
    for token in _analyzer(lang)(text, positions=True, mode=mode):
        if token.pos != last or not positions:
            positions.append([])
            last = token.pos
        if token.text not in positions[-1]:
            positions[-1].append(token.text)
    return " ".join(ALTERNATIVES.join(alternatives) for alternatives in positions)


def _analyzer(lang: str):
    """This thread's analyzer of `lang`, made once: an analyzer keeps its stems cached
    (`StemFilter(cachesize=...)`), which a new one per text would start empty each time.
    One per thread, as Whoosh's caches take no lock."""
    made = getattr(_ANALYZERS, "by_language", None)
    if made is None:
        made = _ANALYZERS.by_language = {}
    if lang not in made:
        made[lang] = analyzer_for(lang)
    return made[lang]


def band_values(codes) -> list[str]:
    """An article's LSH band codes (`dedup.band_codes`) as the `bands` keywords."""
    return [str(int(code)) for code in codes]


def to_document(article: Article, origins: list[str], sig=None,
                dup_of: str | None = None) -> dict:
    """The document of an article: `origins` every input its text came from, `sig` its
    MinHash signature (None: too short to compare, or near-duplicates off), `dup_of` the id
    of the first copy of its story."""
    doc: dict = {
        "id": article.id,
        "hash": article.content_hash,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "lang": article.language or "xx",
        "authors": list(article.authors),
        "origins": list(origins),
        "mentions": [{name: getattr(m, name) for name in _MENTION_FIELDS}
                     for m in article.mentions],
        text_field("title", article.language): analyzed(article.title, article.language),
        text_field("body", article.language): analyzed(article.body, article.language),
    }
    if article.source:
        doc["source"] = article.source
    if article.published:
        doc["published"] = article.published.replace(tzinfo=None).isoformat()
    for kind in ENTITY_KINDS:
        entities = {m.id: m.entity() for m in reversed(article.mentions) if m.type == kind}
        ids = sorted(entities)
        if ids:
            doc[kind] = ids
            doc[f"{kind}_entity"] = [json.dumps(entities[i], ensure_ascii=False)
                                     for i in ids]
            doc[f"{kind}_names"] = sorted({name for m in article.mentions if m.type == kind
                                           for name in (m.name, m.text) if name})
    days = sorted({m.id for m in article.mentions if m.type == "date" and _is_day(m.id)})
    if days:
        doc["date"] = days
    if sig is not None:
        doc["bands"] = band_values(dedup.band_codes(sig))
        doc["minhash"] = base64.b64encode(dedup.to_bytes(sig)).decode("ascii")
    if dup_of:
        doc["dup_of"] = dup_of
        doc["copy"] = True
    return doc


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def signature_from_source(source: dict):
    """The stored MinHash signature of a document (None when it has none)."""
    raw = source.get("minhash")
    return dedup.from_bytes(base64.b64decode(raw)) if raw else None


def article_from_source(source: dict) -> tuple[Article, list[str]]:
    """Rebuild the article and its origins from a document's `_source`."""
    published = source.get("published")
    article = Article(
        title=source.get("title") or "",
        body=source.get("body") or "",
        url=source.get("url"),
        source=source.get("source"),
        published=datetime.fromisoformat(published) if published else None,
        language=None if source.get("lang") in (None, "xx") else source.get("lang"),
        authors=list(source.get("authors") or []),
        mentions=[Mention(**m) for m in source.get("mentions") or []],
    )
    return article, list(source.get("origins") or [])
