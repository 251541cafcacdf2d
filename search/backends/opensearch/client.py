"""One reader's connection to an OpenSearch index, with the cluster's errors turned into
newsdex's: IndexUnavailable (no such index, a cluster that does not answer, refused
credentials, not a newsdex index) and QueryError (a request the cluster refuses as bad, such
as too many clauses). The address printed in messages never shows a password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from indexer.backends.opensearch.address import parse_address
from indexer.backends.opensearch.mapping import mapping_problem
from indexer.errors import IndexUnavailable
from search.errors import QueryError


class Connection:
    """Searches, counts and reads of one index (opensearch-py's client is thread-safe)."""

    def __init__(self, address: str):
        from indexer.backends.opensearch.connect import client_for

        self.address = parse_address(address)
        self.client = client_for(self.address)  # every node of the address, retried
        self._checked = False
        self._call(lambda: None)  # no index, a silent cluster: IndexUnavailable at opening

    def _call(self, method, *args, **kwargs):
        from opensearchpy import exceptions as ox

        try:
            if not self._checked:
                self._check()
            return method(*args, **kwargs)
        except ox.NotFoundError as error:
            if _error_type(error) == "index_not_found_exception":
                raise IndexUnavailable(f"no index at {self.address}: run `newsdex index "
                                       f"--index {self.address} ...` first") from None
            raise
        except ox.RequestError as error:
            raise QueryError(f"the index refused the query: {_reason(error)}") from None
        except (ox.AuthenticationException, ox.AuthorizationException):
            raise IndexUnavailable(f"{self.address}: the cluster refused the credentials "
                                   "(NEWSDEX_OPENSEARCH_USER / _PASSWORD)") from None
        except (ox.ConnectionError, ox.ConnectionTimeout, ox.TransportError) as error:
            raise IndexUnavailable(f"{self.address}: the cluster does not answer "
                                   f"({type(error).__name__})") from None

    def _check(self) -> None:
        mappings = self.client.indices.get_mapping(index=self.address.index)
        for mapping in mappings.values():
            problem = mapping_problem(mapping)
            if problem:
                raise IndexUnavailable(f"{self.address} {problem}")
        self._checked = True

    def search(self, body: dict, with_index: bool = True) -> dict:
        """One search request (`with_index` False: a point-in-time body names none)."""
        if with_index:
            return self._call(self.client.search, index=self.address.index, body=body)
        return self._call(self.client.search, body=body)

    def run(self, function, *args):
        """`function(client, index, *args)`, with the cluster's errors mapped."""
        return self._call(function, self.client, self.address.index, *args)

    def count(self, query: dict) -> int:
        """How many documents match `query`."""
        found = self._call(self.client.count, index=self.address.index,
                           body={"query": query})
        return int(found["count"])

    def get(self, document_id: str) -> dict | None:
        """A document's `_source`, or None when the index holds no such document."""
        from opensearchpy import exceptions as ox

        try:
            return self._call(self.client.get, index=self.address.index,
                              id=document_id)["_source"]
        except ox.NotFoundError:
            return None

    def inputs(self) -> int:
        """Inputs the articles were read from (every origin, at least one per article)."""
        from opensearchpy import helpers

        def scan():
            return sum(len(h["_source"].get("origins") or []) or 1 for h in helpers.scan(
                self.client, index=self.address.index, query={"_source": ["origins"]}))

        return self._call(scan)

    def size_bytes(self) -> int:
        """The primary store size of the index."""
        found = self._call(self.client.indices.stats, index=self.address.index,
                           metric="store")
        return int(found["_all"]["primaries"]["store"]["size_in_bytes"])

    @contextlib.contextmanager
    def point_in_time(self) -> Iterator[str]:
        """A point in time over the index for `search_after` paging; deleted afterwards."""
        pit = self._call(self.client.create_pit, index=self.address.index,
                         params={"keep_alive": "2m"})["pit_id"]
        try:
            yield pit
        finally:
            with contextlib.suppress(Exception):
                self.client.delete_pit(body={"pit_id": [pit]})

    def close(self) -> None:
        """Close the client's connections."""
        with contextlib.suppress(Exception):
            self.client.close()


def _error_type(error) -> str:
    info = getattr(error, "info", None)
    if isinstance(info, dict):
        return str((info.get("error") or {}).get("type", ""))
    return ""


def _reason(error) -> str:
    info = getattr(error, "info", None)
    if isinstance(info, dict):
        root = (info.get("error") or {}).get("root_cause") or [{}]
        return str(root[0].get("reason") or info.get("error", {}).get("reason") or error)
    return str(getattr(error, "error", error))
