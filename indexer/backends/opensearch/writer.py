"""`OpenSearchWriter`: a writing session (`indexer.backends.ArticleStore`) over an OpenSearch
index.

Articles are classified against what this session wrote since its last refresh (kept here:
the documents are sent in bulk requests before a refresh makes them searchable) and against
the index (one search per article: the document with its id or, failing that, its content
hash). Near-duplicates: the article's 17 LSH band codes are looked up with a terms query on
`bands` (any machine's documents, once refreshed), confirmed by the signatures
(`dedup.same_story`), as the Whoosh writer does with its band column.

Documents are queued and sent every `bulk.CHUNK` (`bulk.send`: retried, deterministic ids);
a commit (every `commit_every` articles or `commit_seconds`, and at the end) sends the queue
and refreshes the index, so a killed run loses at most what was not yet sent, and sending
it again replaces, never duplicates.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import numpy as np

from indexer.article import Article
from indexer.backends.opensearch import bulk
from indexer.backends.opensearch.client import Remote
from indexer.backends.opensearch.documents import (
    article_from_source,
    doc_id,
    signature_from_source,
    to_document,
)
from indexer.duplicates import minhash as dedup
from indexer.errors import IndexUnavailable

COMMIT_EVERY = 25000
COMMIT_SECONDS = 30.0
LOOKUP_FIELDS = ["id", "hash", "origins", "dup_of", "minhash", "title", "body", "url",
                 "source", "published", "lang", "authors", "mentions"]


class _Written:
    """What the session wrote since the last refresh (invisible to searches until then)."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[Article, list[str], object, str | None]] = {}
        self.by_hash: dict[str, str] = {}
        self.bands = dedup.BandTable()

    def add(self, article: Article, origins: list[str], sig, dup_of: str | None) -> None:
        self.by_id[article.id] = (article, origins, sig, dup_of)
        self.by_hash[article.content_hash] = article.id
        if sig is not None:
            self.bands.add(article.id, sig, dedup.band_codes(sig).tolist())


class OpenSearchWriter:
    """One writing session over the index of `remote` (created by `OpenSearchIndex.writer`)."""

    def __init__(self, remote: Remote, *, near_duplicates: bool = True,
                 commit_every: int = COMMIT_EVERY, commit_seconds: float = COMMIT_SECONDS,
                 on_wait: Callable[[str], None] | None = None):
        self.remote = remote
        self.near_duplicates = near_duplicates
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.on_wait = on_wait
        self.commits = 0
        self._queue: list[dict] = []
        self._written = _Written()
        self._since_commit = 0
        self._last_commit = time.monotonic()
        self._looked_up: dict[str, dict | None] = {}  # article id -> the stored document

    # -- looking up -------------------------------------------------------------------

    def _stored(self, article: Article) -> dict | None:
        """The indexed document with the article's id, else one with its text's hash."""
        key = article.id
        if key in self._looked_up:
            return self._looked_up[key]
        query = {"bool": {"should": [{"term": {"id": article.id}},
                                     {"term": {"hash": article.content_hash}}]}}
        with self.remote.errors("looking up an article"):
            found = self.remote.client.search(
                index=self.remote.index,
                body={"query": query, "size": 2, "_source": LOOKUP_FIELDS})["hits"]["hits"]
        sources = [hit["_source"] for hit in found]
        stored = next((s for s in sources if s.get("id") == article.id),
                      sources[0] if sources else None)
        if len(self._looked_up) > 1000:
            self._looked_up.clear()
        self._looked_up[key] = stored
        return stored

    def _known(self, article: Article) -> tuple[Article, list[str], dict | None] | None:
        """The written or indexed article with this id or text, its origins and its copy
        state ({"sig", "dup_of"}, None when it must be worked out again)."""
        written = self._written.by_id.get(article.id) or self._written.by_id.get(
            self._written.by_hash.get(article.content_hash, ""))
        if written:
            return written[0], written[1], {"sig": written[2], "dup_of": written[3]}
        stored = self._stored(article)
        if stored is None:
            return None
        existing, origins = article_from_source(stored)
        return existing, origins, {"sig": signature_from_source(stored),
                                   "dup_of": stored.get("dup_of")}

    def classify(self, article: Article) -> str:
        """"new", "changed", "unchanged" or "duplicate" (an indexed text from elsewhere)."""
        known = self._known(article)
        if known is None:
            return "new"
        existing, origins, _ = known
        if existing.id == article.id and existing.content_hash != article.content_hash:
            return "changed"
        if not article.origin or article.origin in origins:
            return "unchanged"
        return "duplicate"

    # -- writing ----------------------------------------------------------------------

    def add_origin(self, article: Article) -> None:
        """Record `article.origin` as one more place the indexed copy of its text came from."""
        known = self._known(article)
        if known is None:
            self.write(article)
            return
        existing, origins, _ = known
        if article.origin and article.origin not in origins:
            self.write(existing, [*origins, article.origin])

    def write(self, article: Article, origins: list[str] | None = None,
              new: bool = False) -> str | None:
        """Add or replace one article (its id decides which); returns the id it copies."""
        if origins is None:
            origins = [article.origin] if article.origin else []
        sig, dup_of = self._copy_state(article, new)
        self._queue.append({"_op_type": "index", "_index": self.remote.index,
                            "_id": doc_id(article.id),
                            "_source": to_document(article, origins, sig, dup_of)})
        self._written.add(article, origins, sig, dup_of)
        self._looked_up.pop(article.id, None)
        self._since_commit += 1
        if self._since_commit >= self.commit_every or (
                time.monotonic() - self._last_commit >= self.commit_seconds):
            self.commit()
        elif len(self._queue) >= bulk.CHUNK:
            self._send()
        return dup_of

    def _copy_state(self, article: Article, new: bool) -> tuple[object, str | None]:
        """The signature and first copy of an article: kept when its text is unchanged."""
        if not self.near_duplicates:
            return None, None
        known = None if new else self._known(article)
        if known is not None and known[0].id == article.id and (
                known[0].content_hash == article.content_hash) and known[2]["sig"] is not None:
            return known[2]["sig"], known[2]["dup_of"]
        sig = dedup.signature(article.body)
        if sig is None:
            return None, None
        return sig, self._first_copy(article.id, sig)

    def _first_copy(self, article_id: str, sig: np.ndarray) -> str | None:
        """The id of the first written or indexed copy of the same story, if any."""
        codes = dedup.band_codes(sig).tolist()
        best, best_score = None, 0.0
        for other, other_sig in self._written.bands.candidates(codes).items():
            score = dedup.same_story(sig, other_sig)
            if other != article_id and score > best_score:
                best, best_score = self._written.by_id[other][3] or other, score
        query = {"bool": {"filter": [{"terms": {"bands": [str(c) for c in codes]}}],
                          "must_not": [{"term": {"id": article_id}}]}}
        with self.remote.errors("looking for near-duplicates"):
            hits = self.remote.client.search(
                index=self.remote.index,
                body={"query": query, "size": dedup.MAX_BUCKET,
                      "_source": ["id", "dup_of", "minhash"]})["hits"]["hits"]
        for hit in hits:
            stored = hit["_source"]
            other_sig = signature_from_source(stored)
            if other_sig is None or stored["id"] in self._written.by_id:
                continue  # (a document rewritten since: its written state counts)
            score = dedup.same_story(sig, other_sig)
            if score > best_score:
                best, best_score = stored.get("dup_of") or stored["id"], score
        return best if best != article_id else None

    def _send(self) -> None:
        if self._queue:
            bulk.send(self.remote, self._queue, on_retry=self.on_wait)
            self._queue = []

    def commit(self) -> None:
        """Send what is queued and refresh: durable and visible to searchers."""
        self._send()
        self.remote.refresh()
        self.commits += 1
        self._written = _Written()
        self._looked_up.clear()
        self._since_commit = 0
        self._last_commit = time.monotonic()

    @property
    def merge_failed(self) -> str | None:
        """Nothing to report: OpenSearch merges segments itself."""
        return None

    def close(self) -> None:
        """Commit what is pending and close the client."""
        try:
            self.commit()
        finally:
            self.remote.close()

    def __enter__(self) -> OpenSearchWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and issubclass(exc_type, IndexUnavailable):
            self.remote.close()  # the cluster failed: nothing more can be written
            return
        # Queued documents are whole articles: keep them even when the run was interrupted.
        if exc_type is not None:
            with contextlib.suppress(IndexUnavailable):
                self.close()
            return
        self.close()
