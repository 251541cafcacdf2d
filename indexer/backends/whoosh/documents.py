"""Articles as Whoosh documents and back: the one mapping between `Article` and the index."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime

from indexer.article import Article, Mention
from indexer.backends.whoosh import bands
from indexer.backends.whoosh.schema import ENTITY_FIELDS, text_field
from indexer.duplicates import minhash as dedup

_MENTION_FIELDS = tuple(f.name for f in fields(Mention))


@dataclass
class Copy:
    """Near-duplicate state of a written article: its signature and the first copy's id."""

    sig: object = None  # numpy uint32 signature, None for bodies too short to compare
    dup_of: str | None = None
    _codes: object = field(default=None, repr=False, compare=False)

    @property
    def codes(self):
        """The signature's LSH band codes (`dedup.band_codes`), computed once."""
        if self._codes is None and self.sig is not None:
            self._codes = dedup.band_codes(self.sig)
        return self._codes


def document_fields(article: Article, origins: list[str], copy: Copy | None = None) -> dict:
    """The Whoosh document for an article (every field the schema indexes or stores)."""
    record = {
        "authors": article.authors,
        "origins": origins,
        "mentions": [{name: getattr(m, name) for name in _MENTION_FIELDS}
                     for m in article.mentions],  # as dataclasses.asdict, without copies
    }
    doc = {
        "id": article.id,
        "hash": article.content_hash,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "record": json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        "lang": article.language or "xx",
        text_field("title", article.language): article.title,
        text_field("body", article.language): article.body,
    }
    if article.source:
        doc["source"] = article.source
    if article.published:
        doc["published"] = article.published.replace(tzinfo=None)
    for kind in ENTITY_FIELDS:
        ids = sorted({m.id for m in article.mentions if m.type == kind})
        if ids:
            doc[kind] = ",".join(ids)
    if copy is not None and copy.sig is not None:
        doc["minhash"] = dedup.to_bytes(copy.sig)
        doc[bands.FIELD] = bands.column_value(copy.codes)
    if copy is not None and copy.dup_of:
        doc["dup_of"] = copy.dup_of
        doc["copy"] = "1"
    return doc


def article_from_stored(stored: dict) -> tuple[Article, list[str]]:
    """Rebuild the article and its origins from a stored document."""
    record = json.loads(stored.get("record") or "{}")
    published = stored.get("published")
    article = Article(
        title=stored.get("title") or "",
        body=stored.get("body") or "",
        url=stored.get("url"),
        source=stored.get("source"),
        published=published if isinstance(published, datetime) else None,
        language=None if stored.get("lang") == "xx" else stored.get("lang"),
        authors=record.get("authors", []),
        mentions=[Mention(**m) for m in record.get("mentions", [])],
    )
    return article, record.get("origins", [])
