"""`OpenSearchIndex`: the write protocol (`indexer.backends.IndexBackend`) over an
`opensearch://host:port/index` address.

Writers need no lock: documents have deterministic ids, so several `newsdex index`
processes (on several machines) may write one index at once. `delete` re-points the
surviving copies of a deleted first copy, as the Whoosh backend does; `optimize` force-merges
the index's segments; `check` reads the mapping and the cluster's health.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from indexer.backends.opensearch import documents
from indexer.backends.opensearch.address import parse_address
from indexer.backends.opensearch.connect import client_for, unavailable
from indexer.backends.opensearch.mapping import FORMAT, MAPPING_VERSION, mapping_problem
from indexer.backends.opensearch.writer import COMMIT_EVERY, COMMIT_SECONDS, OpenSearchWriter
from indexer.backends.report import CheckReport
from indexer.errors import IndexUnavailable


class OpenSearchIndex:
    """The OpenSearch index at `address` (created by the first writer)."""

    def __init__(self, address: str):
        self.address = address
        self.parsed = parse_address(address)

    def writer(self, *, wait: float, on_wait: Callable[[str], None] | None = None,
               near_duplicates: bool = True, writers: int = 1,
               commit_every: int | None = None,
               commit_seconds: float | None = None) -> OpenSearchWriter:
        """A writing session (`wait`, `on_wait`, `writers`: nothing to wait for, one bulk
        stream per process; run more processes to write faster)."""
        return OpenSearchWriter(self.address, commit_every=commit_every or COMMIT_EVERY,
                                commit_seconds=commit_seconds or COMMIT_SECONDS,
                                near_duplicates=near_duplicates)

    def _existing(self):
        client = client_for(self.parsed)
        try:
            if not client.indices.exists(index=self.parsed.index):
                raise IndexUnavailable(f"no index at {self.parsed}: run `newsdex index "
                                       f"--index {self.parsed} ...` first")
        except IndexUnavailable:
            raise
        except Exception as error:
            raise (unavailable(error, self.parsed) or error) from None
        return client

    def delete(self, ids: list[str] | tuple[str, ...] = (), source: str | None = None,
               before: date | None = None, *, wait: float,
               on_wait: Callable[[str], None] | None = None) -> int:
        """Delete by id, or by source and publication before a day; returns how many."""
        client = self._existing()
        index = self.parsed.index
        try:
            return self._delete(client, index, ids, source, before)
        except IndexUnavailable:
            raise
        except Exception as error:
            raise (unavailable(error, self.parsed) or error) from None
        finally:
            client.close()

    def _delete(self, client, index: str, ids, source, before) -> int:
        from opensearchpy import helpers

        selectors = []
        if ids:
            selectors.append({"terms": {"id": list(ids)}})
        if source or before:
            parts = []
            if source:
                parts.append({"term": {"source.lower": source.lower()}})
            if before:
                parts.append({"range": {"published": {"lt": before.isoformat()}}})
            selectors.append({"bool": {"filter": parts}})
        if not selectors:
            return 0
        query = {"bool": {"should": selectors, "minimum_should_match": 1}}
        client.indices.refresh(index=index)
        doomed = {h["_source"]["id"] for h in helpers.scan(
            client, index=index, query={"query": query, "_source": ["id"]})}
        if not doomed:
            return 0
        orphans = [h["_source"] for h in helpers.scan(client, index=index, query={
            "query": {"terms": {"dup_of": sorted(doomed)}}, "_source": True})
            if h["_source"]["id"] not in doomed]
        actions = [{"_op_type": "delete", "_index": index, "_id": documents.doc_id(i)}
                   for i in sorted(doomed)]
        actions += _repointed(index, orphans)
        helpers.bulk(client, actions, raise_on_error=True)
        client.indices.refresh(index=index)
        return len(doomed)

    def optimize(self, *, wait: float, on_wait: Callable[[str], None] | None = None) -> int:
        """Force-merge every shard to one segment; returns the segments left."""
        client = self._existing()
        index = self.parsed.index
        try:
            client.indices.forcemerge(index=index, max_num_segments=1,
                                      params={"request_timeout": 600})
            client.indices.refresh(index=index)
            shards = client.indices.segments(index=index)["indices"][index]["shards"]
            return sum(len(copy.get("segments", {})) for copies in shards.values()
                       for copy in copies if copy.get("routing", {}).get("primary"))
        except Exception as error:
            raise (unavailable(error, self.parsed) or error) from None
        finally:
            client.close()

    def check(self) -> CheckReport:
        """The mapping's format and version, the documents, and the cluster's health."""
        report = CheckReport(index_dir=str(self.parsed))
        try:
            client = self._existing()
        except IndexUnavailable as error:  # a report, as of a missing index folder
            report.problems.append(str(error))
            return report
        index = self.parsed.index
        try:
            for mapping in client.indices.get_mapping(index=index).values():
                meta = mapping.get("mappings", {}).get("_meta", {})
                report.format = f"{meta.get('format', '?')} {meta.get('mapping_version', '?')}"
                problem = mapping_problem(mapping)
                if problem:
                    report.problems.append(f"the index {problem}")
            stats = client.indices.stats(index=index, metric="docs,segments")["_all"]
            report.documents = int(stats["primaries"]["docs"]["count"])
            report.deleted = int(stats["primaries"]["docs"]["deleted"])
            report.segments = int(stats["primaries"]["segments"]["count"])
            health = client.cluster.health(index=index)["status"]
            if health == "red":
                report.problems.append("the cluster reports the index red: some shards "
                                       "have no live copy")
        except Exception as error:
            raise (unavailable(error, self.parsed) or error) from None
        finally:
            client.close()
        if report.format and report.format != f"{FORMAT} {MAPPING_VERSION}" \
                and not report.problems:
            report.problems.append(f"unexpected format {report.format}")
        return report


def _repointed(index: str, orphans: list[dict]) -> list[dict]:
    """Updates that make the first surviving copy (by id) of each orphaned story its first
    copy, and point the others at it."""
    groups: dict[str, list[dict]] = {}
    for source in orphans:
        groups.setdefault(source["dup_of"], []).append(source)
    actions = []
    for members in groups.values():
        members.sort(key=lambda s: s["id"])
        root = members[0]["id"]
        for n, source in enumerate(members):
            doc = dict(source)
            if n == 0:
                doc.pop("dup_of", None)
                doc.pop("copy", None)
            else:
                doc["dup_of"] = root
            actions.append({"_op_type": "index", "_index": index,
                            "_id": documents.doc_id(source["id"]), "_source": doc})
    return actions
