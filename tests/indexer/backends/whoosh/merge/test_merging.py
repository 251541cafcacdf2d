"""Segment merges streamed term by term (indexer.backends.whoosh.merge.policy) equal Whoosh's own
merges."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from whoosh.writing import OPTIMIZE

from indexer.backends.whoosh import maintenance
from indexer.backends.whoosh.maintenance import delete_articles, optimize_index
from indexer.backends.whoosh.writer import open_index
from indexer.pipeline import index_articles, prepare
from indexer.readers import read_inputs

DEMO = ROOT / "demo" / "articles.jsonl"


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
        bands = reader.column_reader("bands")
        return {"postings": postings, "lengths": lengths, "stored": stored,
                "published": published, "bands": {ids[n]: bands[n] for n in ids},
                "count": reader.doc_count()}


def _field_totals(index_dir: Path) -> dict:
    """Each text field's total length (BM25's average length; a merge drops the deleted)."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return {f: searcher.reader().field_length(f) for f in ix.schema.names()
                if f.startswith(("title_", "body_"))}


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
    monkeypatch.setattr(maintenance, "merge_all", OPTIMIZE)
    assert optimize_index(whoosh) == 1
    mine, theirs = _contents(ours), _contents(whoosh)
    assert mine["count"] == theirs["count"] == _contents(churned)["count"]
    assert len(mine["postings"]) > 1000
    for key in ("postings", "lengths", "stored", "published", "bands"):
        assert mine[key] == theirs[key], key
    assert _field_totals(ours) == _field_totals(whoosh)
    assert sum(v != bytes(len(v)) for v in mine["bands"].values()) > 10


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


@pytest.fixture(scope="module")
def three_segments(tmp_path_factory) -> tuple[Path, list]:
    """450 generated articles in three segments of 150 (tests copy it before changing it)."""
    folder = tmp_path_factory.mktemp("blocks")
    items = list(prepare(read_inputs([str(_generated(folder, 450))])))
    index_articles(items, folder / "ix", entities=False, commit_every=150)
    return folder / "ix", items


@pytest.mark.parametrize("deleted", [(), (170, 171), (3, 170, 400)])
def test_block_copying_merge_equals_whoosh(three_segments, tmp_path, monkeypatch, deleted):
    built, items = three_segments
    source = tmp_path / "ix"
    shutil.copytree(built, source)
    if deleted:  # the segments holding these lose documents; the others are copied
        delete_articles(source, ids=[items[n].id for n in deleted])
    assert len(open_index(source)._segments()) == 3
    ours, whoosh = tmp_path / "ours", tmp_path / "whoosh"
    shutil.copytree(source, ours)
    shutil.copytree(source, whoosh)
    optimize_index(ours)
    monkeypatch.setattr(maintenance, "merge_all", OPTIMIZE)
    optimize_index(whoosh)
    mine, theirs = _contents(ours), _contents(whoosh)
    assert mine["count"] == theirs["count"] == 450 - len(deleted)
    assert max(len(rows) for rows in mine["postings"].values()) > 3 * 128
    for key in ("postings", "lengths", "stored", "published", "bands"):
        assert mine[key] == theirs[key], key
    assert _field_totals(ours) == _field_totals(whoosh)
    assert sum(v != bytes(len(v)) for v in mine["bands"].values()) > 10
    assert _term_stats(ours) == _term_stats(whoosh)


def test_block_copied_postings_skip_like_whoosh(three_segments, tmp_path):
    shutil.copytree(three_segments[0], tmp_path / "ix")
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


@pytest.mark.parametrize("deleted", [(), (4, 15, 16)])
def test_per_document_copy_equals_whoosh_for_every_column_kind(tmp_path, deleted):
    """Columns newsdex's schema does not use (variable-width, reference, numeric with gaps)
    and stored fields come out of `copy_per_doc` as out of Whoosh's `write_per_doc`."""
    from whoosh import index as whoosh_index
    from whoosh.columns import RefBytesColumn, VarBytesColumn
    from whoosh.fields import COLUMN, ID, NUMERIC, TEXT, Schema

    from indexer.backends.whoosh.merge.policy import merge_all

    schema = Schema(id=ID(stored=True, unique=True), body=TEXT(stored=True),
                    tag=COLUMN(VarBytesColumn()), kind=COLUMN(RefBytesColumn()),
                    n=NUMERIC(sortable=True, stored=True))

    def merged(name: str, policy) -> dict:
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), schema)
        for segment in range(3):
            writer = ix.writer()
            for i in range(segment * 8, segment * 8 + 8):
                doc = {"id": str(i), "body": f"w{i} common words " * (1 + i % 3)}
                if i % 3:
                    doc["tag"] = f"tag-{i}".encode()
                if i % 4:
                    doc["n"] = i * 7
                doc["kind"] = b"ab" if i % 2 else b"cd"
                writer.add_document(**doc)
            writer.commit(merge=False)
        if deleted:
            with ix.writer() as writer:
                for i in deleted:
                    writer.delete_by_term("id", str(i))
        ix.writer().commit(mergetype=policy)
        assert len(ix._segments()) == 1
        with ix.searcher() as searcher:
            reader = searcher.reader()
            ids = {n: s["id"] for n, s in reader.iter_docs()}
            return {"stored": {ids[n]: s for n, s in reader.iter_docs()},
                    "columns": {f: {ids[n]: reader.column_reader(f)[n] for n in ids}
                                for f in ("tag", "kind", "n")},
                    "lengths": {ids[n]: reader.doc_field_length(n, "body") for n in ids},
                    "total": reader.field_length("body")}

    ours, theirs = merged("ours", merge_all), merged("whoosh", OPTIMIZE)
    assert ours == theirs
    assert len(ours["stored"]) == 24 - len(deleted)
    assert ours["columns"]["tag"]["1"] == b"tag-1" and ours["columns"]["n"]["5"] == 35
