"""The real OpenSearch node the tests run on (scripts/opensearch.sh, built from Maven Central),
reached through the client options newsdex derives from an `opensearch://` address: health,
the analysis module the mapping needs, keyword facets, a date histogram and deep paging."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest

from indexer.backends.opensearch.address import parse_address

opensearchpy = pytest.importorskip("opensearchpy")


@pytest.fixture
def client(opensearch_url):
    parts = urlsplit(opensearch_url)
    address = parse_address(f"opensearch://{parts.hostname}:{parts.port}/news")
    client = opensearchpy.OpenSearch(**address.client_options())
    yield client
    client.close()


@pytest.fixture
def index(client):
    name = f"newsdex-test-{uuid.uuid4().hex[:8]}"
    client.indices.create(index=name, body={
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": {"analyzer": {
            "folded": {"type": "custom", "tokenizer": "standard",
                       "filter": ["lowercase", "asciifolding"]}}}},
        "mappings": {"properties": {
            "title": {"type": "text", "analyzer": "folded"},
            "place": {"type": "keyword"}, "published": {"type": "date"}}}})
    yield name
    client.indices.delete(index=name)


def test_the_node_is_healthy_and_is_the_pinned_version(client):
    assert client.cluster.health()["status"] in ("green", "yellow")
    assert client.info()["version"]["number"].startswith("2.19.")


def test_analysis_common_folds_accents(client, index):
    tokens = client.indices.analyze(index=index, body={"analyzer": "folded",
                                                       "text": "Café Kyïv"})["tokens"]
    assert [t["token"] for t in tokens] == ["cafe", "kyiv"]


def test_terms_and_date_histogram_count_what_was_indexed(client, index):
    docs = [("Harbour reopens", "odesa", "2024-05-01"), ("Harbour shelled", "odesa", "2024-05-20"),
            ("Café harbour", "kherson", "2024-06-02"), ("Market", "kherson", "2024-06-03")]
    from opensearchpy import helpers

    helpers.bulk(client, ({"_index": index, "_id": str(i), "title": t, "place": p,
                           "published": d} for i, (t, p, d) in enumerate(docs)), refresh=True)
    body = {"query": {"match": {"title": "harbour"}}, "aggs": {
        "place": {"terms": {"field": "place"}},
        "month": {"date_histogram": {"field": "published", "calendar_interval": "month"}}}}
    result = client.search(index=index, body=body)
    assert result["hits"]["total"]["value"] == 3
    assert {b["key"]: b["doc_count"] for b in result["aggregations"]["place"]["buckets"]} == {
        "odesa": 2, "kherson": 1}
    assert [b["doc_count"] for b in result["aggregations"]["month"]["buckets"]] == [2, 1]


def test_point_in_time_paging_reads_past_the_window(client, index):
    """Export reads every match with point-in-time + search_after: more than one page."""
    from opensearchpy import helpers

    count = 1234
    helpers.bulk(client, ({"_index": index, "_id": str(i), "title": "harbour",
                           "place": f"p{i % 7}", "published": "2024-01-01"}
                          for i in range(count)), refresh=True)
    pit = client.create_pit(index=index, params={"keep_alive": "1m"})["pit_id"]
    seen: set[str] = set()
    after = None
    try:
        while True:
            body = {"size": 500, "pit": {"id": pit, "keep_alive": "1m"},
                    "sort": [{"_id": "asc"}], "query": {"match_all": {}}}
            if after:
                body["search_after"] = after
            hits = client.search(body=body)["hits"]["hits"]
            if not hits:
                break
            seen.update(h["_id"] for h in hits)
            after = hits[-1]["sort"]
    finally:
        client.delete_pit(body={"pit_id": [pit]})
    assert len(seen) == count
