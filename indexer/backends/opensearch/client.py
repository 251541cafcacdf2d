"""Reaching an OpenSearch index: the client for an address, its errors as newsdex's.

Every failure to reach or use the cluster is `IndexUnavailable` (an index of another format
or version: `IndexFormatError`) with a message that names the address (never the password)
and says what happened: unreachable, timed out, refused credentials, no such index.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from indexer.backends.opensearch.address import OpenSearchAddress, parse_address
from indexer.backends.opensearch.mapping import index_body, mapping_problem
from indexer.errors import IndexFormatError, IndexUnavailable

TIMEOUT = 30.0  # seconds a request may take
RETRY_STATUS = (429, 502, 503, 504)  # answers the transport retries by itself
TIMEOUT_ENV = "NEWSDEX_OPENSEARCH_TIMEOUT"


class Remote:
    """One OpenSearch index address with its client (made on first use)."""

    def __init__(self, address: str):
        self.address: OpenSearchAddress = parse_address(address)
        self.query = parse_qs(urlsplit(address).query)
        self.index = self.address.index
        self._client: OpenSearch | None = None

    @property
    def client(self) -> OpenSearch:
        """The opensearch-py client: retries timeouts, connection errors and 429/5xx."""
        if self._client is None:
            timeout = float(os.environ.get(TIMEOUT_ENV) or TIMEOUT)
            self._client = OpenSearch(**self.address.client_options(), timeout=timeout,
                                      max_retries=3, retry_on_timeout=True,
                                      retry_on_status=RETRY_STATUS)
        return self._client

    def __str__(self) -> str:
        return str(self.address)

    @contextlib.contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn opensearch-py's exceptions while `doing` into IndexUnavailable."""
        try:
            yield
        except os_errors.ConnectionTimeout as exc:
            raise IndexUnavailable(f"{self}: OpenSearch did not answer in time while "
                                   f"{doing}") from exc
        except os_errors.ConnectionError as exc:
            raise IndexUnavailable(f"{self}: cannot reach OpenSearch while {doing} "
                                   "(is the node running? scripts/opensearch.sh status)"
                                   ) from exc
        except os_errors.AuthenticationException as exc:
            raise IndexUnavailable(f"{self}: OpenSearch refused the credentials while "
                                   f"{doing} (NEWSDEX_OPENSEARCH_USER / _PASSWORD)") from exc
        except os_errors.AuthorizationException as exc:
            raise IndexUnavailable(f"{self}: OpenSearch does not allow this user to "
                                   f"{doing}") from exc
        except os_errors.NotFoundError as exc:
            raise IndexUnavailable(f"{self}: no such index (index some articles into it "
                                   "first: newsdex index ... --index ADDRESS)") from exc
        except os_errors.TransportError as exc:
            raise IndexUnavailable(f"{self}: OpenSearch failed while {doing}: "
                                   f"{_reason(exc)}") from exc

    def exists(self) -> bool:
        """Whether the index exists."""
        with self.errors("looking for the index"):
            return bool(self.client.indices.exists(index=self.index))

    def mapping(self) -> dict:
        """The index's mapping (`{"mappings": {...}}`); IndexUnavailable when absent."""
        with self.errors("reading the index's mapping"):
            found = self.client.indices.get_mapping(index=self.index)
        return next(iter(found.values()), {}) if found else {}

    def verify(self) -> None:
        """IndexFormatError unless the index carries newsdex's mapping of this version."""
        problem = mapping_problem(self.mapping())
        if problem:
            raise IndexFormatError(f"{self}: the index {problem}")

    def ensure(self) -> None:
        """Create the index with newsdex's mapping when there is none; verify it."""
        if not self.exists():
            body = index_body(self.query)
            with self.errors("creating the index"):
                try:
                    self.client.indices.create(index=self.index, body=body,
                                               params={"wait_for_active_shards": "1"})
                except os_errors.RequestError as exc:  # another writer created it first
                    if "resource_already_exists" not in _reason(exc):
                        raise
        self.verify()

    def refresh(self) -> None:
        """Make every indexed document visible to searches."""
        with self.errors("refreshing the index"):
            self.client.indices.refresh(index=self.index)

    def close(self) -> None:
        """Close the client's connections."""
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None


def _reason(exc: os_errors.TransportError) -> str:
    """The error type and reason OpenSearch gave, else the exception's text."""
    info = exc.info if isinstance(getattr(exc, "info", None), dict) else {}
    error = info.get("error")
    if isinstance(error, dict):
        return f"{error.get('type', '')}: {error.get('reason', '')}".strip(": ")
    return str(exc.error if getattr(exc, "error", None) else exc)
