"""Sending documents in bulk requests until every one is written, or the retry window ends.

Actions carry deterministic ids (`documents.doc_id`) and are `index` operations, so sending
one again (after a timeout whose request did land, a node that died mid-request, a retry of
a whole chunk) replaces the same document: a retry never duplicates. An action that failed
with a passing condition (429 rejected, 5xx, no connection, a closed index or a cluster
block, e.g. while a node restarts) is sent again with exponential backoff until
`RETRY_SECONDS` have passed without progress; one refused for good (a document the mapping
rejects) fails the commit at once.

Every re-send happens in `send`'s own rounds (opensearch-py's helper is told not to retry
by itself), so the rounds it returns count them all: the writer reports `rounds - 1` per
call as its bulk retries (`IndexReport.bulk_retries`, the CLI's summary line). Connection
errors the client retries on another node within one request are not counted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from opensearchpy import helpers

from indexer.errors import IndexUnavailable

CHUNK = 500  # documents per bulk request
CHUNK_BYTES = 20 * 1024 * 1024
RETRY_SECONDS = 120.0  # without progress, then the run stops (what was committed stays)
RETRY_ENV = "NEWSDEX_OPENSEARCH_RETRY_SECONDS"
PASSING = ("es_rejected_execution_exception", "index_closed_exception",
           "cluster_block_exception", "unavailable_shards_exception",
           "no_shard_available_action_exception", "node_not_connected_exception",
           "node_closed_exception", "circuit_breaking_exception")


def retry_seconds() -> float:
    """How long a write keeps retrying without progress ($NEWSDEX_OPENSEARCH_RETRY_SECONDS)."""
    return float(os.environ.get(RETRY_ENV) or RETRY_SECONDS)


def _passing(item: dict) -> bool:
    status = item.get("status")
    error = item.get("error")
    kind = error.get("type", "") if isinstance(error, dict) else str(error or "")
    return (not isinstance(status, int) or status == 429 or status >= 500
            or any(name in kind for name in PASSING))


def send(client, address: object, actions: list[dict],
         on_retry: Callable[[str], None] | None = None) -> int:
    """Write every action (`{"_op_type", "_index", "_id", ...}`) through `client` (an
    `opensearchpy.OpenSearch`); returns how many rounds it took. `address` names the index
    in messages (an `OpenSearchAddress`: no password). Raises IndexUnavailable naming the
    address when an action is refused for good, or when the cluster stays unavailable for
    the retry window."""
    pending = {action["_id"]: action for action in actions}
    window, delay, rounds = retry_seconds(), 0.25, 0
    last_progress = time.monotonic()
    while pending:
        rounds += 1
        before = len(pending)
        failed: dict[str, dict] = {}
        for ok, result in helpers.streaming_bulk(
                client, list(pending.values()), chunk_size=CHUNK,
                max_chunk_bytes=CHUNK_BYTES, raise_on_error=False,
                raise_on_exception=False, max_retries=0, yield_ok=True):
            op, item = next(iter(result.items()))
            if ok or _gone(op, item):
                pending.pop(item.get("_id"), None)
            else:
                failed[item.get("_id")] = item
        if not pending:
            break
        progress = len(pending) < before
        lasting = [i for i in failed.values() if not _passing(i)]
        if lasting:
            first = lasting[0]
            raise IndexUnavailable(f"{address}: OpenSearch refused document {first.get('_id')} "
                                   f"({_error_text(first)}); everything committed before "
                                   "is intact")
        now = time.monotonic()
        if progress:
            last_progress = now
        if now - last_progress > window:
            raise IndexUnavailable(
                f"{address}: OpenSearch stayed unavailable for {window:g} s "
                f"({_error_text(next(iter(failed.values())))}); {len(pending)} articles "
                "were not written, everything committed before is intact (run again to "
                "finish)")
        if on_retry:
            on_retry(f"{address}: {len(pending)} documents not written yet "
                     f"({_error_text(next(iter(failed.values())))}); retrying")
        time.sleep(delay)
        delay = min(delay * 2, 5.0)
    return rounds


def _gone(op: str, item: dict) -> bool:
    """A delete or an update of a document that is no longer there: done (another writer's
    reconcile already deleted it as an extra copy of a text, `reconcile.exact_copies`)."""
    error = item.get("error")
    kind = error.get("type", "") if isinstance(error, dict) else ""
    return (op == "delete" and item.get("status") == 404) or (
        op == "update" and kind == "document_missing_exception")


def _error_text(item: dict) -> str:
    error = item.get("error")
    if isinstance(error, dict):
        return f"{error.get('type')}: {error.get('reason')}"
    return f"status {item.get('status')}: {error}"
