"""A client for an `opensearch://` address, and the cluster's failures as newsdex's errors.

Every node of the address is given to the client (`opensearch://h1:9200,h2:9200/news` where
the address allows it), so a dead node's requests are retried on another; timeouts and
connection errors are retried `RETRIES` times. Messages name the address without a password.
"""

from __future__ import annotations

import os
import time

from indexer.backends.opensearch.address import OpenSearchAddress, parse_address
from indexer.errors import IndexFormatError, IndexUnavailable

TIMEOUT_S = 30
RETRIES = 5
OPEN_SECONDS = 60.0  # how long opening an index waits for its primaries
OPEN_ENV = "NEWSDEX_OPENSEARCH_OPEN_SECONDS"


def client_for(address: str | OpenSearchAddress, timeout: float = TIMEOUT_S):
    """An `opensearchpy.OpenSearch` client of `address` (nothing is sent yet)."""
    from opensearchpy import OpenSearch

    parsed = parse_address(address) if isinstance(address, str) else address
    return OpenSearch(**parsed.client_options(), timeout=timeout, max_retries=RETRIES,
                      retry_on_timeout=True)


def unavailable(error: Exception, address: OpenSearchAddress) -> IndexUnavailable | None:
    """The newsdex error of an opensearch-py exception (None: not a cluster failure)."""
    from opensearchpy import exceptions as ox

    if isinstance(error, ox.NotFoundError) and error_type(error) == "index_not_found_exception":
        return IndexUnavailable(f"no index at {address}: run `newsdex index --index "
                                f"{address} ...` first")
    if isinstance(error, ox.AuthenticationException | ox.AuthorizationException):
        return IndexUnavailable(f"{address}: the cluster refused the credentials "
                                "(NEWSDEX_OPENSEARCH_USER / NEWSDEX_OPENSEARCH_PASSWORD)")
    if isinstance(error, ox.ConnectionError | ox.ConnectionTimeout):
        return IndexUnavailable(f"{address}: the cluster does not answer "
                                f"({type(error).__name__})")
    if isinstance(error, ox.TransportError) and not isinstance(error, ox.RequestError):
        return IndexUnavailable(f"{address}: the cluster failed the request "
                                f"({error.status_code}: {reason(error)})")
    return None


def format_error(address: OpenSearchAddress, problem: str) -> IndexFormatError:
    """The error of an index that is not newsdex's, or of another mapping version."""
    return IndexFormatError(f"{address} {problem}")


def error_type(error) -> str:
    """The `error.type` of an OpenSearch error response ("" when there is none)."""
    info = getattr(error, "info", None)
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        return str(info["error"].get("type", ""))
    return ""


def reason(error) -> str:
    """The root cause's reason of an OpenSearch error response, or the error's text."""
    info = getattr(error, "info", None)
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        root = info["error"].get("root_cause") or [{}]
        return str(root[0].get("reason") or info["error"].get("reason") or error)
    return str(getattr(error, "error", error))


def open_seconds() -> float:
    """How long opening an index waits for its health ($NEWSDEX_OPENSEARCH_OPEN_SECONDS)."""
    return float(os.environ.get(OPEN_ENV) or OPEN_SECONDS)


def wait_for_index(client, address: OpenSearchAddress, seconds: float | None = None) -> str:
    """Wait until the index is at least yellow: every primary shard started, so searches
    and writes of it answer (an index another process has just created fails them with 503
    "all shards failed" until then). Returns the health ("green" or "yellow"); raises
    IndexUnavailable naming the address and the health reached after `seconds` (default
    `open_seconds()`)."""
    from opensearchpy import exceptions as ox

    seconds = open_seconds() if seconds is None else seconds
    deadline = time.monotonic() + seconds
    health: dict = {}
    while True:
        left = max(0.0, deadline - time.monotonic())
        try:
            health = client.cluster.health(
                index=address.index, level="indices", wait_for_status="yellow",
                timeout=f"{max(1, min(int(left), 10))}s",
                params={"request_timeout": min(left, 10) + TIMEOUT_S})
        except ox.TransportError as error:
            if error.status_code != 408:  # 408: not yellow within the timeout asked
                raise
            health = error.info if isinstance(error.info, dict) else {}
        state = (health.get("indices") or {}).get(address.index) or {}
        started = state.get("active_primary_shards", 0)
        if state and started >= state.get("number_of_shards", 1):
            return str(state.get("status", health.get("status", "")))
        if time.monotonic() >= deadline:
            raise IndexUnavailable(
                f"{address}: the index did not reach yellow health in {seconds:g} s (health "
                f"{state.get('status') or health.get('status', 'unknown')}, {started} of "
                f"{state.get('number_of_shards', '?')} primary shards started): the cluster "
                f"cannot allocate its shards (see the nodes' logs; ${OPEN_ENV} waits longer)")
        time.sleep(0.1)
