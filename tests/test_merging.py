"""Segment merges streamed term by term (indexer.merging) equal Whoosh's own merges."""

from __future__ import annotations

import json
import random
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
                # no value: None from a block, "" from a term inlined in the terms table
                rows.append((ids[matcher.id()], matcher.weight(), matcher.value() or None))
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


def _generated(tmp_path: Path, count: int) -> Path:
    """`count` English articles over a 60-word vocabulary: frequent words have posting lists
    of several blocks (128 postings each) in every segment."""
    rng = random.Random(7)
    words = [f"word{n}" for n in range(60)]
    path = tmp_path / "generated.jsonl"
    with path.open("w") as out:
        for n in range(count):
            body = " ".join(rng.choices(words, weights=range(60, 0, -1), k=rng.randint(20, 80)))
            out.write(json.dumps({"url": f"https://gen.example/{n}", "title": f"story {n}",
                                  "body": body, "language": "en", "source": f"s{n % 3}",
                                  "published": f"2024-0{1 + n % 9}-1{n % 10}"}) + "\n")
    return path


def _term_stats(index_dir: Path) -> dict:
    """Each term's statistics (what scoring and block skipping read) by term."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        return {key: (i.weight(), i.doc_frequency(), i.min_length(), i.max_length(),
                      i.max_weight(), i.min_id(), i.max_id())
                for key in reader.all_terms() for i in [reader.term_info(*key)]}


@pytest.mark.parametrize("deleted", [(), (170, 171), (3, 170, 400)])
def test_block_copying_merge_equals_whoosh(tmp_path, monkeypatch, deleted):
    items = list(prepare(read_inputs([str(_generated(tmp_path, 450))])))
    source = tmp_path / "ix"
    index_articles(items, source, entities=False, commit_every=150)
    if deleted:  # the segments holding these lose documents; the others are copied
        delete_articles(source, ids=[items[n].id for n in deleted])
    assert len(open_index(source)._segments()) == 3
    ours, whoosh = tmp_path / "ours", tmp_path / "whoosh"
    shutil.copytree(source, ours)
    shutil.copytree(source, whoosh)
    optimize_index(ours)
    monkeypatch.setattr(writer_module, "merge_all", OPTIMIZE)
    optimize_index(whoosh)
    mine, theirs = _contents(ours), _contents(whoosh)
    assert mine["count"] == theirs["count"] == 450 - len(deleted)
    assert max(len(rows) for rows in mine["postings"].values()) > 3 * 128
    for key in ("postings", "lengths", "stored", "published"):
        assert mine[key] == theirs[key], key
    assert _term_stats(ours) == _term_stats(whoosh)


def test_block_copied_postings_skip_like_whoosh(tmp_path):
    items = list(prepare(read_inputs([str(_generated(tmp_path, 450))])))
    index_articles(items, tmp_path / "ix", entities=False, commit_every=150)
    optimize_index(tmp_path / "ix")
    with open_index(tmp_path / "ix").searcher() as searcher:
        reader = searcher.reader()
        field, btext = max(reader.all_terms(), key=lambda t: reader.doc_frequency(*t))
        every = list(reader.postings(field, btext).all_ids())
        matcher = reader.postings(field, btext)
        reached = []
        for target in (every[5] + 1, every[200], every[-3]):
            matcher.skip_to(target)
            reached.append(matcher.id())
        assert reached == [min(i for i in every if i >= t)
                           for t in (every[5] + 1, every[200], every[-3])]
