"""Faults: concurrent writers, SIGKILL at random moments, a full disk, a read-only folder."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import ROOT
from test_interrupt import TOTAL, _corpus, _count, _index

from indexer.backends.whoosh.check import check_index
from indexer.backends.whoosh.documents import article_from_stored
from indexer.backends.whoosh.writer import open_index
from indexer.errors import IndexUnavailable
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.cli import cli

HOLD_LOCK = """
import sys, time
from whoosh import index
ix = index.open_dir(sys.argv[1], indexname="newsdex")
writer = ix.writer()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
writer.cancel()
"""


def _hold_lock(index_dir, seconds: float) -> subprocess.Popen:
    """A process that takes the index's write lock and keeps it for `seconds`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index_dir), str(seconds)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.fixture
def index_dir(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    return tmp_path / "ix"


def _new_file(tmp_path, name="new.txt") -> str:
    path = tmp_path / name
    path.write_text("A later report\n\nShelling near Kharkiv resumed overnight.\n")
    return str(path)


def test_a_second_writer_waits_with_a_message(tmp_path, index_dir):
    holder = _hold_lock(index_dir, 2.0)
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), "--no-entities",
                                      "--wait", "30", _new_file(tmp_path)])
    holder.communicate()
    assert result.exit_code == 0, result.output
    assert "another writer holds the index lock; waiting up to 30 s" in result.output
    assert _count(index_dir) == 6


def test_a_second_writer_fails_clearly_without_waiting(tmp_path, index_dir):
    holder = _hold_lock(index_dir, 5.0)
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), "--no-entities",
                                      "--wait", "0", _new_file(tmp_path)])
    holder.kill()
    holder.communicate()
    assert result.exit_code == 1
    assert "locked by another writer" in result.output and "--wait" in result.output
    assert "Traceback" not in result.output
    assert _count(index_dir) == 5


def test_a_lock_left_by_a_killed_writer_is_no_obstacle(tmp_path, index_dir):
    holder = _hold_lock(index_dir, 600)
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    assert (index_dir / "newsdex_WRITELOCK").exists()  # the file stays; the lock does not
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), "--no-entities",
                                      "--wait", "0", _new_file(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _count(index_dir) == 6


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path):
    corpus, index_dir = tmp_path / "wire.jsonl", tmp_path / "index"
    _corpus(corpus)
    rng = random.Random(20261125)
    last = 0
    for _ in range(3):
        run = _index(corpus, index_dir)
        time.sleep(rng.uniform(0.5, 4.0))
        run.send_signal(signal.SIGKILL)
        run.communicate()
        committed = _count(index_dir)
        assert committed >= last  # nothing committed before is ever lost
        last = committed
        report = check_index(index_dir) if committed else None
        if report is not None:
            assert report.ok, report.problems
            with open_index(index_dir).searcher() as searcher:
                ids = [s["id"] for s in searcher.all_stored_fields()]
                assert len(ids) == len(set(ids)) == committed
                for stored in searcher.all_stored_fields():
                    article_from_stored(stored)
    final = _index(corpus, index_dir)
    out, err = final.communicate(timeout=180)
    assert final.returncode == 0, err.decode()
    assert json.loads(out)["added"] == TOTAL - last
    assert _count(index_dir) == TOTAL


class _FailingStorage:
    """Makes the index's storage fail to create files with `code` after `allow` files."""

    def __init__(self, monkeypatch, code: int, allow: int = 0):
        from whoosh.filedb.filestore import FileStorage

        self.calls = 0
        original = FileStorage.create_file

        def create_file(storage, name, *args, **kwargs):
            self.calls += 1
            if self.calls > allow:
                raise OSError(code, os.strerror(code), name)
            return original(storage, name, *args, **kwargs)

        monkeypatch.setattr(FileStorage, "create_file", create_file)


# Whoosh leaves the failed segment's temporary files open when a write fails.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("allow", [0, 1, 3])
def test_full_disk_during_a_commit_keeps_what_was_committed(tmp_path, index_dir, monkeypatch,
                                                            small_articles, allow):
    from indexer.article import Article

    later = [Article(title=f"Later {i}", body=f"Later story {i} about grain.", language="en",
                     url=f"https://late.example/{i}") for i in range(20)]
    _FailingStorage(monkeypatch, errno.ENOSPC, allow)
    with pytest.raises(IndexUnavailable, match="No space left on device"):
        index_articles(later, index_dir, entities=False)
    monkeypatch.undo()
    assert check_index(index_dir).ok
    assert _count(index_dir) == 5
    engine = SearchEngine(index_dir)
    assert engine.search(SearchRequest()).total == 5
    engine.close()
    index_articles(later, index_dir, entities=False)  # with space again, the run completes
    assert _count(index_dir) == 25


def test_read_only_index_folder_is_a_clear_error_and_still_searchable(tmp_path, index_dir,
                                                                      monkeypatch):
    _FailingStorage(monkeypatch, errno.EROFS)
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), "--no-entities",
                                      _new_file(tmp_path)])
    assert result.exit_code == 1
    assert "cannot write the index (Read-only file system)" in result.output
    searched = CliRunner().invoke(cli, ["search", "--index", str(index_dir), "--json"])
    assert searched.exit_code == 0, searched.output
    assert json.loads(searched.output)["total"] == 5


def test_the_api_sees_each_commit_without_a_restart(tmp_path, index_dir):
    from web import create_app

    app = create_app(index_dir)
    client = app.test_client()
    assert client.get("/api/search").get_json()["total"] == 5
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), "--no-entities",
                                      _new_file(tmp_path)])
    assert result.exit_code == 0, result.output
    assert client.get("/api/search").get_json()["total"] == 6
    assert client.get("/api/search?q=later").get_json()["total"] == 1
    app.extensions["newsdex"].close()
