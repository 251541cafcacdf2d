"""A run killed with SIGKILL keeps every committed article; the next run completes the rest."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from indexer.backends.whoosh.documents import article_from_stored
from indexer.backends.whoosh.writer import open_index

TOTAL = 2000
WORDS = [f"{a}{b}" for a in ("grain", "port", "ship", "wheat", "river", "power", "court", "rail",
                             "vote", "price") for b in ("al", "en", "ox", "ur", "ik", "os", "um")]


def _corpus(path) -> None:
    """TOTAL short, distinct JSONL articles with URLs (stable ids across runs)."""
    with open(path, "w", encoding="utf-8") as out:
        rng = random.Random(5)
        for i in range(TOTAL):
            words = " ".join(rng.choices(WORDS, k=30))
            out.write(json.dumps({
                "title": f"Report {i}", "url": f"https://wire.example/{i}",
                "body": f"Report number {i} of the wire: {words}. Filed as item {i * 31 % 997}.",
                "published": f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}", "language": "en",
            }) + "\n")


def _count(index_dir) -> int:
    try:
        ix = open_index(index_dir)
    except Exception:
        return 0
    with ix.searcher() as searcher:
        return searcher.doc_count()


def _index(corpus, index_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from search.cli import main; main()", "index", str(corpus),
         "--index", str(index_dir),
         "--no-entities", "--commit-every", "100", "--no-progress", "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.mark.slow
def test_kill_9_keeps_commits_and_the_next_run_completes(tmp_path):
    corpus, index_dir = tmp_path / "wire.jsonl", tmp_path / "index"
    _corpus(corpus)
    run = _index(corpus, index_dir)
    deadline = time.monotonic() + 60
    while _count(index_dir) < 300 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.communicate()
    assert run.returncode == -signal.SIGKILL, "the run finished before it could be killed"

    committed = _count(index_dir)
    assert 300 <= committed < TOTAL
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        ids = set()
        for stored in searcher.all_stored_fields():
            article, origins = article_from_stored(stored)  # every stored field decodes
            assert article.title.startswith("Report ") and origins == [
                f"{corpus}:{int(article.title.split()[1]) + 1}"]
            ids.add(stored["id"])
        assert len(ids) == committed

    rerun = _index(corpus, index_dir)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    report = json.loads(out)
    assert report["unchanged"] == committed and report["added"] == TOTAL - committed
    assert _count(index_dir) == TOTAL
    with open_index(index_dir).searcher() as searcher:
        assert len({s["id"] for s in searcher.all_stored_fields()}) == TOTAL
