"""opensearch:// addresses: host, port, index, credentials from URL or environment,
and a password that never shows in str, repr or an error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.backends.opensearch.address import parse_address
from indexer.errors import IndexUnavailable


def test_plain_address(monkeypatch):
    monkeypatch.delenv("NEWSDEX_OPENSEARCH_USER", raising=False)
    monkeypatch.delenv("NEWSDEX_OPENSEARCH_PASSWORD", raising=False)
    address = parse_address("opensearch://127.0.0.1:9201/news")
    assert (address.host, address.port, address.index, address.tls) == (
        "127.0.0.1", 9201, "news", False)
    assert address.user is None and "http_auth" not in address.client_options()
    assert str(address) == "opensearch://127.0.0.1:9201/news"


def test_default_port_and_tls(monkeypatch):
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_CA", "/etc/ca.pem")
    address = parse_address("opensearchs://node.example/news-2")
    assert address.port == 9200 and address.tls
    assert address.client_options()["ca_certs"] == "/etc/ca.pem"


def test_credentials_from_environment(monkeypatch):
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_USER", "admin")
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_PASSWORD", "s3cret-Pw")
    address = parse_address("opensearch://127.0.0.1:9200/news")
    assert address.client_options()["http_auth"] == ("admin", "s3cret-Pw")
    assert "s3cret-Pw" not in str(address) + repr(address)


@given(st.text(alphabet="abcdefXYZ0123456789!$*", min_size=1, max_size=20))
def test_password_never_shown(tail):
    password = f"Pw!{tail}"
    address = parse_address(f"opensearch://u:{password}@127.0.0.1:9200/news")
    assert address.password == password
    assert password not in str(address) and password not in repr(address)
    with pytest.raises(IndexUnavailable) as caught:
        parse_address(f"opensearch://u:{password}@127.0.0.1:9200/Bad Name")
    assert password not in str(caught.value)


@pytest.mark.parametrize("bad", ["opensearch:///news", "opensearch://h:9200/",
                                 "opensearch://h:port/news", "opensearch://h/UPPER"])
def test_bad_addresses_are_domain_errors(bad):
    with pytest.raises(IndexUnavailable):
        parse_address(bad)


def test_several_nodes_all_reach_the_client(monkeypatch):
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_PASSWORD", "")
    address = parse_address("opensearch://ann:s3cret@10.0.0.1:9201,10.0.0.2,node-3:9203/news"
                            "?replicas=1")
    assert address.client_options()["hosts"] == [
        {"host": "10.0.0.1", "port": 9201}, {"host": "10.0.0.2", "port": 9200},
        {"host": "node-3", "port": 9203}]
    assert (address.user, address.password, address.index) == ("ann", "s3cret", "news")
    assert str(address) == "opensearch://ann@10.0.0.1:9201,10.0.0.2:9200,node-3:9203/news"
    assert parse_address(str(address)).client_options()["hosts"] == address.client_options(
        )["hosts"]


@pytest.mark.parametrize("bad", ["opensearch://h1:9200,h2:x/news", "opensearch://h1,/news"])
def test_bad_further_hosts_are_domain_errors(bad):
    with pytest.raises(IndexUnavailable):
        parse_address(bad)
