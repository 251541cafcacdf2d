"""An `opensearch://[user:password@]host:port/index` address, parsed once.

Credentials come from the URL or from $NEWSDEX_OPENSEARCH_USER / $NEWSDEX_OPENSEARCH_PASSWORD
(the URL wins); TLS from the `opensearchs://` scheme, with $NEWSDEX_OPENSEARCH_CA naming a
CA bundle. The password is never part of `str()`, `repr()` or any message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from indexer.errors import IndexUnavailable

INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,200}$")


@dataclass(frozen=True)
class OpenSearchAddress:
    """Where an OpenSearch index lives and how to reach it."""

    host: str
    port: int
    index: str
    tls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_certs: str | None = None
    more_hosts: tuple[tuple[str, int], ...] = ()  # further nodes of the cluster: h1,h2:9201

    def __str__(self) -> str:
        scheme = "opensearchs" if self.tls else "opensearch"
        user = f"{self.user}@" if self.user else ""
        hosts = ",".join(f"{h}:{p}" for h, p in ((self.host, self.port), *self.more_hosts))
        return f"{scheme}://{user}{hosts}/{self.index}"

    def client_options(self) -> dict:
        """Keyword arguments for `opensearchpy.OpenSearch` (hosts, auth, TLS)."""
        options: dict = {"hosts": [{"host": h, "port": p} for h, p in
                                   ((self.host, self.port), *self.more_hosts)],
                         "use_ssl": self.tls}
        if self.user is not None:
            options["http_auth"] = (self.user, self.password or "")
        if self.tls:
            options["verify_certs"] = True
            if self.ca_certs:
                options["ca_certs"] = self.ca_certs
        return options


def parse_address(address: str) -> OpenSearchAddress:
    """Parse `opensearch[s]://[user[:password]@]host[:port][,host[:port]...]/index`.

    Several hosts (nodes of one cluster) are all given to the client, which sends each
    request to a live one.

    Raises IndexUnavailable naming the problem (never the password) when the address has
    no host or no valid index name (lower case letters, digits, `_`, `.`, `-`).
    """
    parts = urlsplit(address)
    credentials, at, hosts = parts.netloc.rpartition("@")
    first, *others = hosts.split(",")
    if others:  # several nodes: parse the first as the address's host, the others alike
        parts = parts._replace(netloc=f"{credentials}{at}{first}")
    if parts.scheme not in ("opensearch", "opensearchs"):
        raise IndexUnavailable(f"not an OpenSearch address: {parts.scheme}://...")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise IndexUnavailable("OpenSearch address: the port is not a number") from exc
    if not host:
        raise IndexUnavailable("OpenSearch address names no host "
                               "(opensearch://127.0.0.1:9200/news)")
    more = tuple(_host_port(other) for other in others)
    index = parts.path.strip("/")
    if not INDEX_NAME.match(index):
        raise IndexUnavailable(f"OpenSearch address: {index!r} is not an index name "
                               "(lower case letters, digits, _ . -)")
    user = unquote(parts.username) if parts.username else os.environ.get(
        "NEWSDEX_OPENSEARCH_USER") or None
    password = unquote(parts.password) if parts.password else os.environ.get(
        "NEWSDEX_OPENSEARCH_PASSWORD") or None
    return OpenSearchAddress(host=host, port=port or 9200, index=index,
                             tls=parts.scheme == "opensearchs", user=user,
                             password=password,
                             ca_certs=os.environ.get("NEWSDEX_OPENSEARCH_CA") or None,
                             more_hosts=more)


def _host_port(text: str) -> tuple[str, int]:
    """One further `host[:port]` of a several-node address (port 9200 by default)."""
    try:
        parts = urlsplit(f"//{text}")
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise IndexUnavailable(f"OpenSearch address: the port of {text!r} is not a number"
                               ) from exc
    if not host:
        raise IndexUnavailable("OpenSearch address: an empty host between commas")
    return host, port or 9200
