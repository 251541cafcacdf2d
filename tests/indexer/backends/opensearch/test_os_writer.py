"""The OpenSearch writer on a real node: deterministic ids, re-runs, two writers at once,
retries through a closed index and an absent node, and the CLI's error without one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from opensearchpy import OpenSearch

from indexer.backends import index_backend
from indexer.backends.opensearch import bulk
from indexer.backends.opensearch.address import parse_address
from indexer.backends.opensearch.documents import doc_id
from indexer.errors import IndexUnavailable
from indexer.pipeline import index_articles, index_paths
from search.cli import cli

ROOT = Path(__file__).resolve().parents[4]
DEMO = ROOT / "demo" / "articles.jsonl"


@pytest.fixture
def address(opensearch_index):
    return opensearch_index


def _client(address: str) -> OpenSearch:
    return OpenSearch(**parse_address(address).client_options(), timeout=30)


def _documents(address: str) -> list[dict]:
    client = _client(address)
    index = parse_address(address).index
    client.indices.refresh(index=index)
    hits = client.search(index=index, body={"size": 1000, "query": {"match_all": {}},
                                            "_source": ["id", "origins", "dup_of", "copy"]})
    client.close()
    return [{"_id": h["_id"], **h["_source"]} for h in hits["hits"]["hits"]]


def test_ids_are_the_article_ids_and_a_rerun_adds_nothing(address, small_articles):
    long_url = "https://long.example/" + "x" * 600
    articles = [*small_articles, small_articles[1].__class__(
        title="A long address", body="An article whose URL is longer than an _id may be.",
        url=long_url, language="en")]
    first = index_articles(articles, address, entities=False)
    assert (first.added, first.unchanged) == (6, 0)
    docs = _documents(address)
    assert sorted(d["_id"] for d in docs) == sorted(doc_id(a.id) for a in articles)
    assert doc_id(articles[-1].id).startswith("sha1:") and len(docs) == 6
    again = index_articles(articles, address, entities=False)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 6)
    assert len(_documents(address)) == 6


def _corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The demo corpus with exact copies and near-duplicates of some articles under other
    URLs, the copies in the other half from their originals: (whole, half a, half b)."""
    records = [json.loads(line) for line in DEMO.read_text().splitlines() if line.strip()]
    half = len(records) // 2
    extra_a, extra_b = [], []
    for i, record in enumerate(records[:8]):  # copies of the first half go to half b
        copy = dict(record, url=f"https://mirror.example/{i}")
        if i % 2:  # a near-duplicate: a new headline and a line of boilerplate more
            copy["title"] = "Updated: " + record["title"]
            copy["body"] = record["body"] + "\n\nSubscribe to our newsletter."
        (extra_b if i < half else extra_a).append(copy)
    whole, a, b = tmp_path / "whole.jsonl", tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path, rows in ((whole, records + extra_a + extra_b),
                       (a, records[:half] + extra_a), (b, records[half:] + extra_b)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return whole, a, b


def _summary(address: str) -> dict:
    docs = _documents(address)
    return {"articles": len(docs), "origins": sum(len(d["origins"]) for d in docs),
            "copies": sum(1 for d in docs if d.get("copy")),
            "ids": sorted(d["id"] for d in docs)}


def _run_halves(address: str, opensearch_url: str, tmp_path: Path, together: bool) -> None:
    """Index the halves of `_corpus` with two `newsdex index` processes (at once, or one
    after the other) and compare with one run of the whole."""
    whole, a, b = _corpus(tmp_path)
    single = f"{opensearch_url}/single-{uuid.uuid4().hex[:12]}"
    try:
        report = index_paths([str(whole)], single, entities=False)
        assert report.duplicates >= 1 and report.near_duplicates >= 1
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        main = "from search.cli import main; main()"
        outputs, codes = [], []
        runs = []
        for half in (a, b):
            runs.append(subprocess.Popen([sys.executable, "-c", main, "index", str(half),
                                          "--index", address, "--no-entities"], env=env,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True))
            if not together:
                outputs.append(runs[-1].communicate(timeout=300))
        outputs += [run.communicate(timeout=300) for run in runs if run.returncode is None]
        codes = [run.returncode for run in runs]
        assert codes == [0, 0], outputs
        assert _summary(address) == _summary(single)
    finally:
        client = _client(single)
        client.indices.delete(index=parse_address(single).index, ignore=[404])
        client.close()


def test_two_writer_processes_one_after_the_other_end_as_one_run(address, tmp_path,
                                                                 opensearch_url):
    _run_halves(address, opensearch_url, tmp_path, together=False)


def test_two_writer_processes_at_once_end_as_one_run(address, tmp_path, opensearch_url):
    _run_halves(address, opensearch_url, tmp_path, together=True)


def test_a_commit_into_a_closed_index_waits_for_it_and_loses_nothing(address, small_articles):
    index_articles(small_articles[:1], address, entities=False)
    client = _client(address)
    index = parse_address(address).index
    client.indices.close(index=index)
    reopen = threading.Timer(3.0, lambda: client.indices.open(
        index=index, params={"wait_for_active_shards": "1"}))
    reopen.start()
    started = time.monotonic()
    with index_backend(address).writer(wait=1) as writer:  # (the index exists: no create)
        for article in small_articles[1:]:
            writer.write(article, new=True)
        writer.commit()
    reopen.join()
    client.close()
    assert time.monotonic() - started >= 2.5  # it did wait for the index
    assert sorted(d["id"] for d in _documents(address)) == sorted(a.id for a in small_articles)


def test_bulk_gives_up_on_an_absent_node_after_the_window(monkeypatch, small_articles):
    monkeypatch.setenv(bulk.RETRY_ENV, "1")
    silent = parse_address("opensearch://bob:s3cret@127.0.0.1:9/news")  # nothing listens
    client = OpenSearch(**silent.client_options(), timeout=1, max_retries=0)
    actions = [{"_op_type": "index", "_index": "news", "_id": a.id, "_source": {"id": a.id}}
               for a in small_articles]
    with pytest.raises(IndexUnavailable) as raised:
        bulk.send(client, silent, actions)
    message = str(raised.value)
    assert "opensearch://bob@127.0.0.1:9/news" in message and "s3cret" not in message
    assert "5 articles were not written" in message


@pytest.mark.parametrize(("item", "passing"), [
    ({"status": 429, "error": {"type": "es_rejected_execution_exception"}}, True),
    ({"status": 503, "error": {"type": "unavailable_shards_exception"}}, True),
    ({"status": "N/A", "error": "ConnectionError(...)"}, True),
    ({"status": 400, "error": {"type": "index_closed_exception"}}, True),
    ({"status": 400, "error": {"type": "mapper_parsing_exception"}}, False),
    ({"status": 409, "error": {"type": "version_conflict_engine_exception"}}, False),
])
def test_which_item_failures_are_retried(item, passing):
    assert bulk._passing(item) is passing


def test_a_document_the_mapping_refuses_fails_at_once(address, small_articles):
    index_articles(small_articles[:1], address, entities=False)
    client = _client(address)
    bad = [{"_op_type": "index", "_index": parse_address(address).index, "_id": "bad",
            "_source": {"unknown_field": 1}}]
    with pytest.raises(IndexUnavailable, match="refused document bad"):
        bulk.send(client, parse_address(address), bad)
    client.close()


def test_cli_index_delete_optimize_check(address, small_articles, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(DEMO.read_text())
    runner = CliRunner()
    indexed = runner.invoke(cli, ["index", str(path), "--index", address, "--no-entities"])
    assert indexed.exit_code == 0, indexed.output
    count = len(_documents(address))
    assert count >= 30
    victim = _documents(address)[0]["id"]
    deleted = runner.invoke(cli, ["delete", victim, "--index", address])
    assert deleted.exit_code == 0, deleted.output
    optimized = runner.invoke(cli, ["optimize", "--index", address])
    assert optimized.exit_code == 0, optimized.output
    checked = runner.invoke(cli, ["check", "--index", address])
    assert checked.exit_code == 0, checked.output
    assert str(count - 1) in checked.output
    assert len(_documents(address)) == count - 1
