"""The OpenSearch writer on a real node: bulk retries counted and shown in the run's report,
opening an index waits for its health (two processes at once on an index that does not
exist yet, an index whose shards cannot start), and a run asks the cluster per batch, not
per article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from opensearchpy import OpenSearch

from indexer.backends import index_backend
from indexer.backends.opensearch.address import parse_address
from indexer.backends.opensearch.connect import OPEN_ENV
from indexer.errors import IndexUnavailable
from search.cli import cli

ROOT = Path(__file__).resolve().parents[4]
DEMO = ROOT / "demo" / "articles.jsonl"


def _client(address: str) -> OpenSearch:
    return OpenSearch(**parse_address(address).client_options(), timeout=30)


@pytest.fixture
def address(opensearch_index):
    return opensearch_index


def _demo(tmp_path: Path, prefix: str, rows: slice = slice(None)) -> Path:
    """The demo corpus under other URLs (`prefix`), so that it is new to an index."""
    records = [json.loads(line) for line in DEMO.read_text().splitlines() if line.strip()]
    path = tmp_path / f"{prefix}.jsonl"
    path.write_text("".join(json.dumps(dict(r, url=f"https://{prefix}.example/{n}",
                                            body=f"{r['body']} ({prefix})"),
                                       ensure_ascii=False) + "\n"
                            for n, r in enumerate(records[rows])))
    return path


def _count(address: str) -> int:
    client = _client(address)
    index = parse_address(address).index
    client.indices.refresh(index=index)
    count = client.count(index=index)["count"]
    client.close()
    return count


def _block_writes(address: str, seconds: float) -> threading.Timer:
    """Block writes to the index now (bulk items fail with cluster_block_exception, which
    the writer retries) and lift the block after `seconds`."""
    client = _client(address)
    index = parse_address(address).index
    client.indices.put_settings(index=index, body={"index.blocks.write": True})
    lift = threading.Timer(seconds, lambda: client.indices.put_settings(
        index=index, body={"index.blocks.write": None}))
    lift.start()
    return lift


def test_the_cli_summary_counts_the_bulk_retries(address, tmp_path):
    runner = CliRunner()
    first = runner.invoke(cli, ["index", str(_demo(tmp_path, "one")), "--index", address,
                                "--no-entities"])
    assert first.exit_code == 0, first.output
    assert "bulk retries" not in first.output  # nothing was re-sent
    lift = _block_writes(address, 3.0)
    second = runner.invoke(cli, ["index", str(_demo(tmp_path, "two")), "--index", address,
                                 "--no-entities"])
    lift.join()
    assert second.exit_code == 0, second.output
    retries = int(second.output.split(" bulk retries")[0].rsplit(", ", 1)[1])
    assert retries >= 1, second.output
    assert _count(address) == 2 * len(DEMO.read_text().split("\n")[:-1])


def test_the_json_report_counts_the_bulk_retries(address, tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(_demo(tmp_path, "one", slice(0, 3))), "--index",
                               address, "--no-entities"]).exit_code == 0
    lift = _block_writes(address, 2.0)
    done = runner.invoke(cli, ["index", str(_demo(tmp_path, "two")), "--index", address,
                               "--no-entities", "--json"])
    lift.join()
    assert done.exit_code == 0, done.output
    report = json.loads(done.output[done.output.index("{"):])
    assert report["bulk_retries"] >= 1 and report["added"] == report["read"]


def test_two_processes_at_once_on_an_index_that_does_not_exist_yet(opensearch_url, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    main = "from search.cli import main; main()"
    halves = [_demo(tmp_path, "odd", slice(0, None, 2)), _demo(tmp_path, "even",
                                                               slice(1, None, 2))]
    lines = len(DEMO.read_text().split("\n")[:-1])
    for attempt in range(3):  # the race is a matter of milliseconds: run it more than once
        address = f"{opensearch_url}/race-{attempt}-{uuid.uuid4().hex[:10]}"
        try:
            runs = [subprocess.Popen([sys.executable, "-c", main, "index", str(half),
                                      "--index", address, "--no-entities"], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True) for half in halves]
            outputs = [run.communicate(timeout=300) for run in runs]
            assert [run.returncode for run in runs] == [0, 0], outputs
            assert _count(address) == lines
        finally:
            client = _client(address)
            client.indices.delete(index=parse_address(address).index, ignore=[404])
            client.close()


def test_opening_an_index_whose_shards_cannot_start_fails_in_time(address, monkeypatch):
    client = _client(address)
    client.indices.create(index=parse_address(address).index, body={"settings": {
        "index.number_of_replicas": 0,
        "index.routing.allocation.require._name": "no-such-node"}},
        params={"wait_for_active_shards": "0"})
    client.close()
    monkeypatch.setenv(OPEN_ENV, "2")
    with pytest.raises(IndexUnavailable) as raised:
        index_backend(address).writer(wait=1)
    message = str(raised.value)
    assert "did not reach yellow health in 2 s" in message
    assert "health red, 0 of 1 primary shards started" in message
    runner = CliRunner()
    done = runner.invoke(cli, ["index", str(DEMO), "--index", address, "--no-entities"])
    assert done.exit_code == 1 and "did not reach yellow health" in done.output
    assert "Traceback" not in done.output


def _requests(url: str) -> int:
    """REST requests the node has answered (`_nodes/usage`: per handler, since it started)."""
    client = OpenSearch(**parse_address(f"{url}/x").client_options(), timeout=30)
    usage = client.nodes.usage()
    client.close()
    return sum(sum(n["rest_actions"].values()) for n in usage["nodes"].values())


def test_a_run_asks_the_cluster_per_batch_not_per_article(address, opensearch_url,
                                                           tmp_path):
    parts = [_demo(tmp_path, f"batch{n}") for n in range(3)]
    corpus = tmp_path / "batches.jsonl"
    corpus.write_text("".join(p.read_text() for p in parts))
    articles = len(corpus.read_text().splitlines())
    before = _requests(opensearch_url)
    done = CliRunner().invoke(cli, ["index", str(corpus), "--index", address,
                                    "--no-entities"])
    assert done.exit_code == 0, done.output
    asked = _requests(opensearch_url) - before - 1  # (this test's own usage request)
    # one lookup per batch of 32 read, one multi-search per batch written, a few per
    # commit (it asked 4 per article before); other tests' requests would only add
    assert asked <= articles // 4, f"{asked} requests for {articles} articles"


def test_a_delete_or_update_of_a_document_already_gone_is_done(address, small_articles):
    """Two writers reconciling at once: one deletes an extra copy the other then updates
    or deletes too (full Reuters with two writers failed so before)."""
    from indexer.backends.opensearch import bulk
    from indexer.pipeline import index_articles

    index_articles(small_articles[:1], address, entities=False)
    client = _client(address)
    index = parse_address(address).index
    gone = [{"_op_type": "delete", "_index": index, "_id": "no-such-doc"},
            {"_op_type": "update", "_index": index, "_id": "no-such-doc-either",
             "doc": {"origins": ["x"]}}]
    assert bulk.send(client, parse_address(address), gone) == 1  # one round, no error
    client.close()
