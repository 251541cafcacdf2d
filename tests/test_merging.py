"""Segment merges streamed term by term (indexer.merging) equal Whoosh's own merges."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh.writing import OPTIMIZE

from indexer import writer as writer_module
from indexer.pipeline import index_articles, prepare
from indexer.readers import read_inputs
from indexer.writer import delete_articles, open_index, optimize_index

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles.jsonl"


def _contents(index_dir: Path) -> dict:
    """Everything a search reads, keyed by article id: postings, lengths, stored, dates."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {n: stored["id"] for n, stored in reader.iter_docs()}
        postings = {}
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            rows = []
            while matcher.is_active():
                rows.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            if rows:
                postings[fieldname, btext] = sorted(rows)
        text_fields = [f for f in ix.schema.names() if f.startswith(("title_", "body_"))]
        lengths = {ids[n]: tuple(reader.doc_field_length(n, f) or 0 for f in text_fields)
                   for n in ids}
        stored = {ids[n]: s for n, s in reader.iter_docs()}
        dates = reader.column_reader("published")
        published = {ids[n]: dates[n] for n in ids}
        return {"postings": postings, "lengths": lengths, "stored": stored,
                "published": published, "count": reader.doc_count()}


@pytest.fixture(scope="module")
def churned(tmp_path_factory) -> Path:
    """The demo corpus in many small segments, with some articles deleted."""
    path = tmp_path_factory.mktemp("merge") / "ix"
    items = list(prepare(read_inputs([str(DEMO)])))
    index_articles(items, path, entities=False, commit_every=4)
    ids = [s["id"] for s in open_index(path).searcher().documents()]
    delete_articles(path, ids=ids[::5])
    assert len(open_index(path)._segments()) > 3
    return path


def test_optimize_streams_to_the_same_index_as_whoosh(churned, tmp_path, monkeypatch):
    ours, whoosh = tmp_path / "ours", tmp_path / "whoosh"
    shutil.copytree(churned, ours)
    shutil.copytree(churned, whoosh)
    assert optimize_index(ours) == 1
    monkeypatch.setattr(writer_module, "merge_all", OPTIMIZE)
    assert optimize_index(whoosh) == 1
    mine, theirs = _contents(ours), _contents(whoosh)
    assert mine["count"] == theirs["count"] == _contents(churned)["count"]
    assert len(mine["postings"]) > 1000
    for key in ("postings", "lengths", "stored", "published"):
        assert mine[key] == theirs[key], key


def test_merged_index_answers_like_the_churned_one(churned, tmp_path):
    merged = tmp_path / "merged"
    shutil.copytree(churned, merged)
    optimize_index(merged)
    assert _contents(merged) == _contents(churned)
    assert open_index(merged)._segments()[0].deleted_count() == 0


def test_optimize_of_an_index_whose_articles_were_all_deleted(tmp_path):
    items = list(prepare(read_inputs([str(DEMO)])))[:6]
    index_articles(items, tmp_path / "ix", entities=False, commit_every=2)
    delete_articles(tmp_path / "ix", ids=[a.id for a in items])
    assert optimize_index(tmp_path / "ix") == 0
    assert open_index(tmp_path / "ix").doc_count() == 0
