"""`OpenSearchIndex`: the write protocol (`indexer.backends.IndexBackend`) over an
`opensearch://host:port/index` address.

The index is created by the first `writer()` with newsdex's mapping
(`indexer.backends.opensearch.mapping`; shards and replicas from `?shards=N&replicas=N` or
the environment); every other operation refuses an address without an index, and every
operation refuses an index that is not newsdex's (IndexFormatError). `wait` does not apply:
OpenSearch takes concurrent writers without a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from indexer.backends.opensearch.client import Remote
from indexer.backends.opensearch.documents import (
    article_from_source,
    doc_id,
    signature_from_source,
    to_document,
)
from indexer.backends.opensearch.mapping import FORMAT, MAPPING_VERSION
from indexer.backends.opensearch.writer import COMMIT_EVERY, COMMIT_SECONDS, OpenSearchWriter
from indexer.backends.report import CheckReport
from indexer.errors import IndexUnavailable

SCROLL = "2m"


class OpenSearchIndex:
    """The newsdex index at an OpenSearch address."""

    def __init__(self, address: str):
        self.remote = Remote(address)  # parses it: IndexUnavailable for a bad address
        self.address = str(self.remote)  # without the password

    def writer(self, *, wait: float = 0.0, on_wait: Callable[[str], None] | None = None,
               near_duplicates: bool = True, writers: int = 1,
               commit_every: int | None = None,
               commit_seconds: float | None = None) -> OpenSearchWriter:
        """A writing session, creating the index when there is none. `wait` and `writers`
        are the Whoosh backend's (OpenSearch takes several writers at once unlocked)."""
        self.remote.ensure()
        return OpenSearchWriter(self.remote, near_duplicates=near_duplicates,
                                commit_every=commit_every or COMMIT_EVERY,
                                commit_seconds=commit_seconds or COMMIT_SECONDS,
                                on_wait=on_wait)

    def _query(self, ids, source: str | None, before: date | None) -> dict:
        should: list[dict] = []
        if ids:
            should.append({"terms": {"id": list(ids)}})
        if source:
            should.append({"term": {"source.lower": source.strip().lower()}})
        if before:
            should.append({"range": {"published": {"lt": before.isoformat()}}})
        return {"bool": {"should": should, "minimum_should_match": 1}}

    def _matching(self, query: dict) -> list[dict]:
        """Every document matching `query` (id, dup_of), through a scroll."""
        from opensearchpy import helpers

        with self.remote.errors("finding the articles to delete"):
            return [hit["_source"] for hit in helpers.scan(
                self.remote.client, index=self.remote.index, scroll=SCROLL,
                query={"query": query, "_source": ["id", "dup_of"]}, size=1000)]

    def delete(self, ids: list[str] | tuple[str, ...] = (), source: str | None = None,
               before: date | None = None, *, wait: float = 0.0,
               on_wait: Callable[[str], None] | None = None) -> int:
        """Delete articles by id, by source (any case), or published before a day; a
        deleted first copy of a story hands its role to its surviving copy with the
        smallest id. Returns how many went; IndexUnavailable when there is no index."""
        self.remote.verify()
        if not (ids or source or before):
            return 0
        doomed = {d["id"] for d in self._matching(self._query(ids, source, before))}
        if not doomed:
            return 0
        self._promote_orphans(doomed)
        with self.remote.errors("deleting articles"):
            result = self.remote.client.delete_by_query(
                index=self.remote.index, body={"query": {"terms": {"id": sorted(doomed)}}},
                params={"refresh": "true", "conflicts": "proceed", "slices": "auto"})
        self.remote.close()
        return int(result.get("deleted", 0))

    def _promote_orphans(self, doomed: set[str]) -> None:
        """Re-point the surviving copies of deleted first copies (the smallest id first)."""
        from indexer.backends.opensearch import bulk

        roots = sorted(doomed)
        query = {"bool": {"filter": [{"terms": {"dup_of": roots}}],
                          "must_not": [{"terms": {"id": roots}}]}}
        from opensearchpy import helpers

        with self.remote.errors("finding copies of deleted articles"):
            copies = [hit["_source"] for hit in helpers.scan(
                self.remote.client, index=self.remote.index, scroll=SCROLL,
                query={"query": query}, size=500)]
        groups: dict[str, list[dict]] = {}
        for stored in sorted(copies, key=lambda s: s["id"]):
            groups.setdefault(stored["dup_of"], []).append(stored)
        actions = []
        for group in groups.values():
            new_root = group[0]["id"]
            for i, stored in enumerate(group):
                article, origins = article_from_source(stored)
                actions.append({"_op_type": "index", "_index": self.remote.index,
                                "_id": doc_id(article.id),
                                "_source": to_document(article, origins,
                                                       signature_from_source(stored),
                                                       None if i == 0 else new_root)})
        if actions:
            bulk.send(self.remote, actions)

    def optimize(self, *, wait: float = 0.0,
                 on_wait: Callable[[str], None] | None = None) -> int:
        """Force-merge every shard into one segment; returns the segments left (primaries)."""
        self.remote.verify()
        with self.remote.errors("merging segments"):
            self.remote.client.indices.forcemerge(index=self.remote.index,
                                                  params={"max_num_segments": "1"})
            self.remote.refresh()
        count = self._segments()
        self.remote.close()
        return count

    def _segments(self) -> int:
        with self.remote.errors("counting segments"):
            found = self.remote.client.indices.segments(index=self.remote.index)
        shards = found.get("indices", {}).get(self.remote.index, {}).get("shards", {})
        return sum(len(copy.get("segments", {})) for copies in shards.values()
                   for copy in copies if copy.get("routing", {}).get("primary"))

    def check(self) -> CheckReport:
        """The mapping's format and version, the documents, segments and cluster health."""
        report = CheckReport(index_dir=self.address)
        try:
            mapping = self.remote.mapping()
            meta = mapping.get("mappings", {}).get("_meta") or {}
            report.format = f"{meta.get('format', '?')} {meta.get('mapping_version', '?')}"
            try:
                self.remote.verify()
            except IndexUnavailable as exc:
                report.problems.append(str(exc))
                return report
            client = self.remote.client
            with self.remote.errors("checking the index"):
                health = client.cluster.health(index=self.remote.index,
                                               params={"timeout": "10s"})
                report.documents = int(client.count(index=self.remote.index)["count"])
                stats = client.indices.stats(index=self.remote.index, metric="docs")
            report.deleted = int(stats["_all"]["primaries"]["docs"].get("deleted", 0))
            report.segments = self._segments()
            if health.get("status") == "red":
                report.problems.append(f"{self.address}: cluster health is red (a primary "
                                       "shard is unassigned: documents are missing)")
        except IndexUnavailable as exc:
            report.problems.append(str(exc))
        finally:
            self.remote.close()
        return report


__all__ = ["FORMAT", "MAPPING_VERSION", "OpenSearchIndex"]
