"""A client for an `opensearch://` address, and the cluster's failures as newsdex's errors.

Every node of the address is given to the client (`opensearch://h1:9200,h2:9200/news` where
the address allows it), so a dead node's requests are retried on another; timeouts and
connection errors are retried `RETRIES` times. Messages name the address without a password.
"""

from __future__ import annotations

from indexer.backends.opensearch.address import OpenSearchAddress, parse_address
from indexer.errors import IndexFormatError, IndexUnavailable

TIMEOUT_S = 30
RETRIES = 5


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
