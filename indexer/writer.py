"""The index on disk: opening or creating it, and writing articles into it.

An article's id is its normalized URL or a hash of its text. Writing an article whose id is
already indexed replaces it when its text changed and leaves it alone when it did not; an
exact copy of an indexed text (another file, another URL) is recorded as a further origin of
the stored article instead of a second document. A near-duplicate (the same story with a new
headline, a paragraph less, a line of boilerplate more) is stored with `dup_of` naming the
first copy (see indexer.dedup). Commits come every `commit_every` articles or
`commit_seconds`, whichever first: a killed run loses at most that much, and a Whoosh commit
is atomic (the new segment list is renamed into place), so the index always opens.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, LockError

from indexer import dedup
from indexer.article import Article, Mention
from indexer.errors import IndexUnavailable, Skipped
from indexer.schema import ENTITY_FIELDS, SCHEMA_VERSION, build_schema, dedup_fields, text_field

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

    def to_dict(self) -> dict:
        """Plain values, for JSON output."""
        data = asdict(self)
        data["skipped"] = [{"origin": s.origin, "reason": s.reason} for s in self.skipped]
        return data


@dataclass
class Copy:
    """Near-duplicate state of a written article: its signature and the first copy's id."""

    sig: object = None  # numpy uint32 signature, None for bodies too short to compare
    dup_of: str | None = None


def document_fields(article: Article, origins: list[str], copy: Copy | None = None) -> dict:
    """The Whoosh document for an article (every field the schema indexes or stores)."""
    record = {
        "authors": article.authors,
        "origins": origins,
        "mentions": [asdict(m) for m in article.mentions],
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
        doc["lsh"] = " ".join(dedup.band_keys(copy.sig))
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


class ArticleWriter:
    """One writer over the index for a run: classifies, adds and commits articles."""

    def __init__(self, index_dir: str | Path, commit_every: int = 1000, wait: float = 0.0):
        self.ix = open_index(index_dir, create=True)
        self.commit_every = commit_every
        self.wait = wait
        self._searcher = self.ix.searcher()
        # Articles written since the last commit, by id. Whoosh cannot replace a document
        # it has only buffered, so documents are handed to it at commit time.
        self._pending: dict[str, tuple[Article, list[str]]] = {}
        self._pending_hash: dict[str, str] = {}  # content hash -> id

    def _stored_by(self, fieldname: str, value: str) -> dict | None:
        docnum = self._searcher.document_number(**{fieldname: value})
        return None if docnum is None else self._searcher.stored_fields(docnum)

    def _known(self, article: Article) -> tuple[Article, list[str]] | None:
        """The indexed (or pending) article with this id or, failing that, this text."""
        for aid in (article.id, self._pending_hash.get(article.content_hash)):
            if aid in self._pending:
                return self._pending[aid]
        stored = self._stored_by("id", article.id) or self._stored_by(
            "hash", article.content_hash)
        return None if stored is None else article_from_stored(stored)

    def classify(self, article: Article) -> str:
        """"new", "changed", "unchanged" or "duplicate" (an indexed text from elsewhere)."""
        known = self._known(article)
        if known is None:
            return "new"
        existing, origins = known
        if existing.id == article.id and existing.content_hash != article.content_hash:
            return "changed"
        if not article.origin or article.origin in origins:
            return "unchanged"
        return "duplicate"

    def add_origin(self, article: Article) -> None:
        """Record `article.origin` as one more place the indexed copy of its text came from."""
        known = self._known(article)
        if known is None:
            self.write(article)
            return
        existing, origins = known
        if article.origin and article.origin not in origins:
            self.write(existing, [*origins, article.origin])

    def write(self, article: Article, origins: list[str] | None = None) -> None:
        """Add or replace one article (its id decides which)."""
        if origins is None:
            origins = [article.origin] if article.origin else []
        self._pending[article.id] = (article, origins)
        self._pending_hash[article.content_hash] = article.id
        if len(self._pending) >= self.commit_every:
            self.commit()

    def _whoosh_writer(self):
        try:
            return self.ix.writer(timeout=self.wait, limitmb=256)
        except LockError as exc:
            raise IndexUnavailable(
                "the index is locked by another writer (another `newsdex index` running?)"
            ) from exc

    def commit(self) -> None:
        """Make everything written so far durable and visible to searchers."""
        if not self._pending:
            return
        writer = self._whoosh_writer()
        try:
            for article, origins in self._pending.values():
                writer.update_document(**document_fields(article, origins))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._pending.clear()
        self._pending_hash.clear()
        # A fresh searcher: Whoosh's refresh() fails on a reader of an empty index.
        self._searcher.close()
        self._searcher = self.ix.searcher()

    def delete(self, article_id: str) -> int:
        """Delete one article by id; returns how many documents went."""
        self.commit()
        writer = self._whoosh_writer()
        count = writer.delete_by_term("id", article_id)
        writer.commit()
        return count

    def close(self) -> None:
        """Commit what is pending and release the searcher."""
        self.commit()
        self._searcher.close()

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # Buffered documents are whole articles: keep them even when the run was interrupted.
        self.close()

