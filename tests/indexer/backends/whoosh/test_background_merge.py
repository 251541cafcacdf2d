"""Large merges in a process of their own (indexer.backends.whoosh.merge.background): the index
ends as
the merges in the commits make it, deletions made meanwhile are kept, and a merge that
fails or loses its sources costs nothing."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest

from indexer.article import Article
from indexer.backends.whoosh.maintenance import optimize_index
from indexer.backends.whoosh.merge import background as background_merge
from indexer.backends.whoosh.merge.policy import merge_into
from indexer.backends.whoosh.writer import ArticleWriter, open_index
from search.backends.whoosh.engine import SearchEngine, SearchRequest

WORDS = ("grain", "harbour", "convoy", "drone", "shelling", "border", "ceasefire", "refinery",
         "railway", "bridge", "village", "mayor", "governor", "council", "tender", "audit",
         "pipeline", "customs", "minister", "port")


def _articles(n: int, salt: str = "") -> list[Article]:
    rng = random.Random(7)
    return [Article(title=f"Story {i}", url=f"https://w.example/{i}", source="Wire",
                    language="en",
                    body=f"unique{i} {salt} " + " ".join(rng.choice(WORDS) for _ in range(30)))
            for i in range(n)]


def _write(index_dir, articles, min_docs: int, procs: int = 1, between=None) -> ArticleWriter:
    """Write articles five to a commit (ten commits fill a tier); `between(writer, i)` runs
    before the i-th article."""
    with ArticleWriter(index_dir, commit_every=5, commit_seconds=3600, procs=procs,
                       near_duplicates=False) as writer:
        writer._merges.min_docs = min_docs
        for i, article in enumerate(articles):
            if between is not None:
                between(writer, i)
            writer.write(article, new=True)
    return writer


def _stored(index_dir) -> dict[str, str]:
    with open_index(index_dir).searcher() as s:
        return {d["id"]: d["body"] for d in s.all_stored_fields()}


def _staging(index_dir) -> list[str]:
    return [n for n in os.listdir(index_dir) if n.startswith("merge-")]


def _slow_merges(monkeypatch, seconds: float) -> None:
    """The merging process sleeps first (a fork inherits the patch)."""
    def slow(*args):
        time.sleep(seconds)
        return merge_into(*args)
    monkeypatch.setattr(background_merge, "merge_into", slow)


@pytest.mark.parametrize("procs", [1, 2])
def test_background_merges_end_as_merges_in_the_commits(tmp_path, procs):
    articles = _articles(120)
    inline = _write(tmp_path / "inline", articles, min_docs=10**9, procs=procs)
    background = _write(tmp_path / "background", articles, min_docs=0, procs=procs)
    assert inline._merges.swapped == 0 and background._merges.swapped >= 1
    assert _stored(tmp_path / "background") == _stored(tmp_path / "inline")
    sizes = {name: sorted(s.doc_count() for s in open_index(tmp_path / name)._segments())
             for name in ("inline", "background")}
    assert sizes["background"] == sizes["inline"]
    assert max(sizes["background"]) >= 50  # ten segments of five merged, at least once
    for name in ("inline", "background"):
        engine = SearchEngine(tmp_path / name)
        for query in ("unique7", "grain convoy", '"harbour convoy"', "unique119"):
            page = engine.search(SearchRequest(query=query))
            assert page.total == engine.search(SearchRequest(query=query)).total
        engine.close()
    assert _staging(tmp_path / "background") == []


def test_an_article_replaced_while_its_segment_merges_stays_replaced(tmp_path, monkeypatch):
    _slow_merges(monkeypatch, 1.5)
    articles = _articles(60)
    changed = Article(title="Story 3", url="https://w.example/3", source="Wire",
                      language="en", body="unique3 rewritten with a correction tender")
    seen = {}

    def replace_during_merge(writer, i):
        if i == 55:  # the merge of the first fifty started after their commit landed
            assert writer._merges.running is not None
            seen["sources"] = list(writer._merges.running.sources)
            writer.write(changed)
            writer.commit()  # deletes the old story 3 from a segment being merged
            assert writer._merges.running is not None  # still merging: not swapped yet

    writer = _write(tmp_path / "ix", articles, min_docs=0, between=replace_during_merge)
    assert seen and writer._merges.swapped >= 1
    stored = _stored(tmp_path / "ix")
    assert len(stored) == 60 and stored[changed.id] == changed.body
    segments = open_index(tmp_path / "ix")._segments()
    assert not {s.segment_id() for s in segments} & set(seen["sources"])
    assert sum(s.deleted_count() for s in segments) == 1  # the old text, mapped across
    engine = SearchEngine(tmp_path / "ix")
    assert engine.search(SearchRequest(query="rewritten correction")).total == 1
    assert [h.id for h in engine.search(SearchRequest(query="unique3")).hits] == [changed.id]
    engine.close()


def test_a_merge_whose_sources_were_merged_elsewhere_is_dropped(tmp_path, monkeypatch):
    _slow_merges(monkeypatch, 1.5)
    articles = _articles(60)

    def optimize_meanwhile(writer, i):
        if i == 57:
            assert writer._merges.running is not None
            assert optimize_index(tmp_path / "ix") == 1  # another writer merges everything

    writer = _write(tmp_path / "ix", articles, min_docs=0, between=optimize_meanwhile)
    assert writer._merges.swapped == 0 and writer._merges.failed is None
    assert len(_stored(tmp_path / "ix")) == 60
    assert _staging(tmp_path / "ix") == []


def test_a_failed_merge_keeps_its_sources_and_merges_in_the_commits(tmp_path, monkeypatch):
    def broken(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(background_merge, "merge_into", broken)
    writer = _write(tmp_path / "ix", _articles(120), min_docs=0)
    assert "No space left on device" in writer._merges.failed
    assert writer._merges.swapped == 0
    assert len(_stored(tmp_path / "ix")) == 120
    assert max(s.doc_count() for s in open_index(tmp_path / "ix")._segments()) >= 50
    assert _staging(tmp_path / "ix") == []


def test_staging_folders_of_dead_writers_are_removed(tmp_path):
    folder = tmp_path / "ix"
    _write(folder, _articles(5), min_docs=0)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (folder / f"merge-{dead}-0123456789ab.tmp").mkdir()
    (folder / f"merge-{os.getpid()}-0123456789ab.tmp").mkdir()  # a live writer's
    (folder / "merge-notes.txt").write_text("not ours")
    ArticleWriter(folder).close()
    assert sorted(_staging(folder)) == [f"merge-{os.getpid()}-0123456789ab.tmp",
                                        "merge-notes.txt"]


def test_the_command_line_says_when_a_background_merge_failed(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from search.cli import cli

    def broken(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(background_merge, "merge_into", broken)
    monkeypatch.setattr(background_merge, "BACKGROUND_DOCS", 0)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"title": a.title, "body": a.body, "url": a.url,
                                        "language": "en"}) + "\n" for a in _articles(60)))
    args = ["index", "--index", str(tmp_path / "ix"), "--no-entities", "--jobs", "1",
            "--commit-every", "5", "--commit-seconds", "3600", str(dump)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "60 added" in result.output
    assert "note: a background merge failed (OSError: [Errno 28] No space left on device)" \
        in result.output
    report = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    assert report["merge_failed"] is None and report["unchanged"] == 60  # nothing to merge
