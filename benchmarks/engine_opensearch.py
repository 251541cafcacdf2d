"""newsdex over OpenSearch in the scale benchmark: the same `Spec`s answered through
`search.backends.open_search` on an `opensearch://` address, indexed by `index_articles`.

The node: $NEWSDEX_BENCH_OPENSEARCH (`http://host:port`, started by the caller; scale.run
starts one of its own when it is unset). An index "path" of the benchmark becomes an index
named after the folder on that node; its size is the index's store size on the node, and
the serving memory is the node's resident memory beside the Python process's.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from engines import Newsdex

NODE_ENV = "NEWSDEX_BENCH_OPENSEARCH"


def index_address(path: Path) -> str:
    """The `opensearch://` address standing for a benchmark's index folder."""
    node = os.environ.get(NODE_ENV, "").rstrip("/")
    if not node:
        raise RuntimeError(f"${NODE_ENV} names no OpenSearch node (http://host:port)")
    name = re.sub(r"[^a-z0-9_.-]", "-", path.name.lower())
    return f"opensearch://{node.split('://', 1)[-1]}/bench-{name}"


def _node_json(path: str) -> dict:
    from os_nodes import get_json

    return get_json(os.environ[NODE_ENV].rstrip("/") + path, timeout=60)


def store_mb(path: Path) -> float:
    """The index's store size on the node (primaries), MB."""
    name = index_address(path).rsplit("/", 1)[1]
    stats = _node_json(f"/{name}/_stats/store")
    return stats["_all"]["primaries"]["store"]["size_in_bytes"] / 2**20


def node_memory() -> dict:
    """The node's heap (max and used, from the node) and resident memory (from /proc of the
    node's process, which runs on this machine), MB; summed over the nodes."""
    stats = _node_json("/_nodes/stats/jvm")["nodes"]
    pids = _node_json("/_nodes/process")["nodes"]
    out = {"heap_max_mb": 0.0, "heap_used_mb": 0.0, "rss_mb": 0.0}
    for node_id, node in stats.items():
        out["heap_max_mb"] += node["jvm"]["mem"]["heap_max_in_bytes"] / 2**20
        out["heap_used_mb"] += node["jvm"]["mem"]["heap_used_in_bytes"] / 2**20
        status = Path(f"/proc/{pids[node_id]['process']['id']}/status")
        for line in status.read_text().splitlines() if status.exists() else ():
            if line.startswith("VmRSS:"):
                out["rss_mb"] += int(line.split()[1]) / 1024
    return out


class OpenSearchNewsdex(Newsdex):
    """newsdex's OpenSearch backend through the same real paths as the Whoosh one."""

    name = "opensearch"
    bulk_retries = 0  # of the last `index` run (IndexReport.bulk_retries)

    @classmethod
    def index(cls, records: Iterable[dict], path: Path) -> int:
        """Index the records (entities pre-filled, no extraction) into the node."""
        from corpora import to_article

        from indexer.pipeline import index_articles

        path.mkdir(parents=True, exist_ok=True)  # the benchmark measures a folder: empty
        report = index_articles((to_article(r) for r in records), index_address(path),
                                entities=False)
        cls.bulk_retries = report.bulk_retries
        return report.read

    def __init__(self, path: Path):
        from search.backends import open_search

        self.engine = open_search(index_address(path))


@contextlib.contextmanager
def own_node(work: Path, wanted: bool) -> Iterator[dict | None]:
    """A node for the benchmark while the block runs: $NEWSDEX_BENCH_OPENSEARCH's if set,
    else one started here (heap $NEWSDEX_OS_HEAP, 512m by default) and stopped afterwards.
    Yields its address and heap, or None when `wanted` is false."""
    if not wanted:
        yield None
        return
    from os_nodes import Cluster

    heap = os.environ.get("NEWSDEX_OS_HEAP", "512m")
    cluster = None
    if not os.environ.get(NODE_ENV):
        cluster = Cluster(work, nodes=1, heap=heap)
        os.environ[NODE_ENV] = cluster.start()[0]
    try:
        yield {"url": os.environ[NODE_ENV], "heap": heap if cluster else
               f"{node_memory()['heap_max_mb']:.0f}m"}
    finally:
        if cluster:
            cluster.stop()
            del os.environ[NODE_ENV]
