"""`OpenSearchWriter`: one writing session (`indexer.backends.ArticleStore`) over an
OpenSearch index, as many machines may run at once into one cluster.

Documents have deterministic ids (`documents.doc_id`), so a retried bulk request or two
writers given the same article replace, never duplicate. Articles are sent in bulk requests
of `commit_every` (or every `commit_seconds`); a commit sends what is pending, re-sends the
items the cluster rejected as overloaded (429) or could not reach, and refreshes the index
so searchers see them. Exact copies are found by the content hash and near-duplicates by
the LSH band keys (`bands`), both looked up in the index and in the pending batch, so a
story indexed from another machine is found as soon as that machine committed it.
Failures: IndexUnavailable (the cluster does not answer after the retries; everything
committed before stays), IndexFormatError (an index that is not newsdex's).
"""

from __future__ import annotations

import time

from indexer.article import Article
from indexer.backends.opensearch import bulk, documents, reconcile
from indexer.backends.opensearch.address import parse_address
from indexer.backends.opensearch.connect import (
    client_for,
    error_type,
    format_error,
    reason,
    unavailable,
    wait_for_index,
)
from indexer.backends.opensearch.mapping import index_body, mapping_problem
from indexer.duplicates import minhash as dedup
from indexer.errors import IndexUnavailable

COMMIT_EVERY = 500
COMMIT_SECONDS = 10.0
LOOKUP_FIELDS = ["id", "hash", "origins", "dup_of", "minhash"]
MSEARCH = 100  # searches per multi-search request
CACHE_LIMIT = 4096  # answers of `prefetch` kept between commits


class OpenSearchWriter:
    """Classifies, adds and commits articles into one OpenSearch index."""

    def __init__(self, address: str, commit_every: int = COMMIT_EVERY,
                 commit_seconds: float = COMMIT_SECONDS, near_duplicates: bool = True,
                 settings: dict[str, list[str]] | None = None):
        self.address = parse_address(address)
        self.client = client_for(self.address)
        self.index = self.address.index
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.near_duplicates = near_duplicates
        self.bulk_retries = 0  # bulk rounds re-sent after a 429, a failed node, a closed index
        self.commits = 0
        self.reconciled = 0  # documents made one with what another writer stored
        self._pending: dict[str, tuple[Article, list[str], str | None, object]] = {}
        self._by_hash: dict[str, str] = {}
        self._bands = dedup.BandTable()
        self._updates: dict[str, list[str]] = {}  # indexed id -> its new origins
        # answers of `prefetch`, dropped at each commit (which changes what the index holds)
        self._stored_cache: dict[tuple[str, str], dict | None] = {}
        self._stories: dict[str, tuple[str, object, list[dict]]] = {}  # id -> hash, sig, hits
        self._last_commit = time.monotonic()
        self._call(self._ensure_index, settings if settings is not None else query_of(address))

    def _call(self, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except IndexUnavailable:
            raise
        except Exception as error:
            mapped = unavailable(error, self.address)
            if mapped is None:
                raise
            raise mapped from None

    def _ensure_index(self, query: dict | None) -> None:
        from opensearchpy import exceptions as ox

        if not self.client.indices.exists(index=self.index):
            try:
                self.client.indices.create(index=self.index, body=index_body(query))
            except ox.RequestError as error:  # another writer created it meanwhile
                if error_type(error) != "resource_already_exists_exception":
                    raise IndexUnavailable(f"{self.address}: cannot create the index "
                                           f"({reason(error)})") from None
        wait_for_index(self.client, self.address)
        for mapping in self.client.indices.get_mapping(index=self.index).values():
            problem = mapping_problem(mapping)
            if problem:
                raise format_error(self.address, problem)

    # --- what the index holds ---------------------------------------------------------
    def _stored(self, article: Article) -> dict | None:
        """The indexed document with this article's id or, failing that, its text."""
        key = (article.id, article.content_hash)
        if key not in self._stored_cache:
            self._lookup([article])
        return self._stored_cache.get(key)

    def _lookup(self, articles: list[Article]) -> None:
        """What the index holds for the ids and texts of `articles`, in one search, into
        the cache `_stored` reads."""
        ids = sorted({a.id for a in articles})
        hashes = sorted({a.content_hash for a in articles})
        query = {"bool": {"should": [{"terms": {"id": ids}}, {"terms": {"hash": hashes}}],
                          "minimum_should_match": 1}}
        found = self._call(self.client.search, index=self.index, body={
            "query": query, "size": 10 * len(ids) + 10,
            "_source": LOOKUP_FIELDS})["hits"]["hits"]
        by_id: dict[str, dict] = {}
        by_hash: dict[str, list[dict]] = {}
        for hit in found:
            source = hit["_source"]
            by_id[source["id"]] = source
            by_hash.setdefault(source["hash"], []).append(source)
        for article in articles:
            same_text = sorted(by_hash.get(article.content_hash, []), key=lambda s: s["id"])
            self._stored_cache[(article.id, article.content_hash)] = (
                by_id.get(article.id) or (same_text or [None])[0])

    def prefetch(self, articles: list[Article], stories: bool = False) -> None:
        """Ask the index once for what a batch of articles needs: the documents with their
        ids or texts (for `classify` and `add_origin`) and, with `stories` (the articles
        about to be written) and near-duplicates on, the candidate copies sharing a band key
        with each (one multi-search), so that these calls send no request of their own. The
        answers hold until the next commit, which drops them (the index has changed)."""
        if len(self._stored_cache) + len(self._stories) > CACHE_LIMIT:  # a long re-run
            self._stored_cache.clear()
            self._stories.clear()
        missing = [a for a in articles if (a.id, a.content_hash) not in self._stored_cache]
        if missing:
            self._lookup(missing)
        if not (stories and self.near_duplicates):
            return
        wanted = []
        for article in articles:
            sig = dedup.signature(article.body)
            self._stories[article.id] = (article.content_hash, sig, [])
            if sig is not None:
                wanted.append((article.id, sig))
        for start in range(0, len(wanted), MSEARCH):
            part = wanted[start:start + MSEARCH]
            lines: list[dict] = []
            for _id, sig in part:
                lines += [{"index": self.index}, _band_search(sig)]
            answers = self._call(self.client.msearch, body=lines)["responses"]
            for (article_id, sig), answer in zip(part, answers, strict=True):
                if "error" in answer:  # asked again by `write`, alone
                    self._stories.pop(article_id, None)
                else:
                    hits = [h["_source"] for h in answer["hits"]["hits"]]
                    self._stories[article_id] = (self._stories[article_id][0], sig, hits)

    def _known(self, article: Article) -> tuple[str, str, list[str]] | None:
        """(id, content hash, origins) of the indexed or pending article with this id or,
        failing that, this text."""
        pending = self._pending.get(article.id) or self._pending.get(
            self._by_hash.get(article.content_hash, ""))
        if pending:
            known, origins = pending[0], pending[1]
            return known.id, known.content_hash, self._updates.get(known.id, origins)
        stored = self._stored(article)
        if stored is None:
            return None
        origins = self._updates.get(stored["id"], list(stored.get("origins") or []))
        return stored["id"], stored["hash"], origins

    def classify(self, article: Article) -> str:
        """"new", "changed", "unchanged" or "duplicate" (an indexed text from elsewhere)."""
        known = self._known(article)
        if known is None:
            return "new"
        known_id, known_hash, origins = known
        if known_id == article.id and known_hash != article.content_hash:
            return "changed"
        if not article.origin or article.origin in origins:
            return "unchanged"
        return "duplicate"

    def entity_ids(self, kind: str) -> list[str]:
        """Ids of `kind` the committed index holds (every value of its keyword field)."""
        return self._call(all_values, self.client, self.index, kind)

    def add_origin(self, article: Article) -> None:
        """Record `article.origin` as one more source of the indexed copy of its text."""
        known = self._known(article)
        if known is None:
            self.write(article)
            return
        known_id, _hash, origins = known
        if not article.origin or article.origin in origins:
            return
        if known_id in self._pending:
            kept, _old, dup_of, sig = self._pending[known_id]
            self._pending[known_id] = (kept, [*origins, article.origin], dup_of, sig)
        else:
            self._updates[known_id] = [*origins, article.origin]
        self._maybe_commit()

    # --- writing ------------------------------------------------------------------------
    def write(self, article: Article, origins: list[str] | None = None,
              new: bool = False) -> str | None:
        """Add or replace one article; returns the id of the story it copies, if any."""
        if origins is None:
            origins = [article.origin] if article.origin else []
        sig, dup_of = None, None
        if self.near_duplicates:
            known = self._stories.pop(article.id, None)
            hits = None
            if known is not None and known[0] == article.content_hash:
                sig, hits = known[1], known[2]
            else:
                sig = dedup.signature(article.body)
            if sig is not None:
                dup_of = self._first_copy(article.id, sig, hits)
                self._bands.add(article.id, sig, dedup.band_codes(sig).tolist())
        self._pending[article.id] = (article, origins, dup_of, sig)
        self._by_hash[article.content_hash] = article.id
        self._updates.pop(article.id, None)
        self._maybe_commit()
        return dup_of

    def _first_copy(self, article_id: str, sig, found: list[dict] | None = None) -> str | None:
        """The id of the first indexed (or pending) copy of the same story, if any
        (`found`: the indexed candidates `prefetch` fetched, else they are searched)."""
        codes = dedup.band_codes(sig)
        best, best_score = None, 0.0
        for other, other_sig in self._bands.candidates(codes.tolist()).items():
            score = dedup.same_story(sig, other_sig)
            if other != article_id and score > best_score:
                best, best_score = self._pending[other][2] or other, score
        if found is None:
            found = [h["_source"] for h in self._call(
                self.client.search, index=self.index, body=_band_search(sig))["hits"]["hits"]]
        for source in found:
            other_sig = documents.signature_from_source(source)
            if source["id"] == article_id or other_sig is None:
                continue
            score = dedup.same_story(sig, other_sig)
            if score > best_score:
                best, best_score = source.get("dup_of") or source["id"], score
        return best if best != article_id else None

    def _maybe_commit(self) -> None:
        size = len(self._pending) + len(self._updates)
        if size >= self.commit_every or (
                size and time.monotonic() - self._last_commit >= self.commit_seconds):
            self.commit()

    def _actions(self):
        for article, origins, dup_of, sig in self._pending.values():
            yield {"_op_type": "index", "_index": self.index,
                   "_id": documents.doc_id(article.id),
                   "_source": documents.to_document(article, origins, sig, dup_of)}
        for article_id, origins in self._updates.items():
            yield {"_op_type": "update", "_index": self.index,
                   "_id": documents.doc_id(article_id), "doc": {"origins": origins}}

    def commit(self) -> None:
        """Send everything pending (re-sending what the cluster could not take yet) and
        refresh, so that searchers see it."""
        self._last_commit = time.monotonic()
        if not self._pending and not self._updates:
            return
        hashes = [a.content_hash for a, _o, _d, _s in self._pending.values()]
        roots = {a.id: sig for a, _o, dup_of, sig in self._pending.values()
                 if sig is not None and dup_of is None}
        self._stored_cache.clear()
        self._stories.clear()
        self._call(self._send, list(self._actions()))
        self._call(self.client.indices.refresh, index=self.index)
        self._call(self._reconcile, hashes, roots)
        self._pending.clear()
        self._by_hash.clear()
        self._updates.clear()
        self._bands.clear()
        self.commits += 1
        self._last_commit = time.monotonic()

    def _reconcile(self, hashes: list[str], roots: dict) -> None:
        """Make one what another writer stored at the same time (`reconcile`)."""
        merged = reconcile.exact_copies(self.client, self.index, hashes)
        if merged:
            self._send(merged)
            self.client.indices.refresh(index=self.index)
        gone = {a["_id"] for a in merged if a["_op_type"] == "delete"}
        repointed = reconcile.first_copies(self.client, self.index, {
            i: sig for i, sig in roots.items() if documents.doc_id(i) not in gone})
        if repointed:
            self._send(repointed)
            self.client.indices.refresh(index=self.index)
        self.reconciled += len(merged) + len(repointed)

    def _send(self, actions: list[dict]) -> None:
        """Bulk `actions` until every one is written (`bulk.send`: items rejected as
        overloaded, unreachable, or by a closed or blocked index are re-sent with a growing
        pause while the cluster makes progress; ids are deterministic, so re-sending an item
        that did land replaces it with itself)."""
        self.bulk_retries += bulk.send(self.client, self.address, actions) - 1

    @property
    def merge_failed(self) -> str | None:
        """Background merges are the cluster's own: nothing to report."""
        return None

    def close(self) -> None:
        """Commit what is pending and release the client."""
        self.commit()
        self.client.close()

    def __enter__(self) -> OpenSearchWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and issubclass(exc_type, IndexUnavailable):
            self.client.close()
            return
        self.close()  # whole articles read before an interruption are kept


def _band_search(sig) -> dict:
    """The search for the indexed documents sharing an LSH band key with `sig`."""
    return {"query": {"terms": {"bands": documents.band_values(dedup.band_codes(sig))}},
            "size": dedup.MAX_BUCKET, "_source": ["id", "dup_of", "minhash"]}


def all_values(client, index: str, field: str, page: int = 5000) -> list[str]:
    """Every distinct value of a keyword field, paged with a composite aggregation."""
    values: list[str] = []
    after = None
    while True:
        source = {"composite": {"size": page, "sources": [{"v": {"terms": {"field": field}}}]}}
        if after:
            source["composite"]["after"] = after
        found = client.search(index=index, body={"size": 0, "aggs": {"all": source}})
        result = found["aggregations"]["all"]
        values.extend(str(b["key"]["v"]) for b in result["buckets"])
        after = result.get("after_key")
        if not after or not result["buckets"]:
            return values


def query_of(address: str) -> dict[str, list[str]]:
    """The settings in an address's query string (`?replicas=1&shards=2`)."""
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(address).query)

