"""A segment written from the grouped pool (indexer.backends.whoosh.codec.postings) has exactly the
bytes of
one written through Whoosh's own pool and per-posting writer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh.query import Term

from indexer.backends.whoosh.codec import postings as bulk_postings
from indexer.backends.whoosh.codec.format import INLINE_LIMIT
from indexer.backends.whoosh.segment_writer import create_newsdex_index

WORDS = [f"w{i}" for i in range(40)]


def _schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(phrase=True),
        title=fields.TEXT(field_boost=2.5),
        tags=fields.KEYWORD(commas=True, scorable=False),
        year=fields.NUMERIC(int),
    )


def _documents(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        words = [rng.choice(WORDS[:4] if rng.random() < 0.5 else WORDS)
                 for _ in range(rng.randint(0, 60))]
        doc = {"id": f"d{i}", "body": " ".join(words), "year": 2000 + i % 7,
               "title": " ".join(rng.sample(WORDS, rng.randint(0, 3)))}
        if i % 3:
            doc["tags"] = ",".join(rng.sample(["a", "b", "c", "d"], rng.randint(1, 3)))
        docs.append(doc)
    return docs


def _write(folder: Path, docs: list[dict], limitmb: float,
           grouped: bool = True) -> tuple[dict[str, bytes], bool]:
    """The segment's terms and postings files, and whether the pool outgrew its limit."""
    folder.mkdir()
    ix = create_newsdex_index(folder, _schema())
    with ix.writer(limitmb=limitmb, compound=False, grouped=grouped) as writer:
        for doc in docs:
            writer.add_document(**doc)
        overflowed = not getattr(writer.pool, "_grouped", False)
    files = {p.suffix: p.read_bytes() for p in folder.iterdir() if p.suffix in (".trm", ".pst")}
    return files, overflowed


@pytest.mark.parametrize("count", [1, 5, 128, 129, pytest.param(300, marks=pytest.mark.slow),
                                   pytest.param(700, marks=pytest.mark.slow)])
@pytest.mark.parametrize("limitmb", [256, 0], ids=["grouped", "overflowing"])
def test_segment_files_equal_whoosh_bytes(tmp_path, count, limitmb):
    docs = _documents(count, seed=count)
    if limitmb == 0 and count > 5:
        limitmb = 0.05  # a few sorted runs to merge rather than one per document
    ours, overflowed = _write(tmp_path / "ours", docs, limitmb)
    whoosh, _ = _write(tmp_path / "whoosh", docs, limitmb, grouped=False)
    assert set(ours) == {".trm", ".pst"}
    assert overflowed == (limitmb < 1)
    assert ours == whoosh


def test_pool_groups_until_over_its_limit(tmp_path):
    ix = create_newsdex_index(tmp_path, _schema())
    writer = ix.writer(limitmb=1)
    pool = writer.pool
    assert isinstance(pool, bulk_postings.GroupedPool)
    for doc in _documents(50, seed=1):
        writer.add_document(**doc)
    assert pool._grouped and pool.current == []
    for doc in _documents(3000, seed=2):  # about 1.5 MB of postings
        writer.add_document(**{**doc, "id": "x" + doc["id"]})
    assert not pool._grouped
    writer.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 3050
        assert searcher.document(id="xd2999")["id"] == "xd2999"


def test_out_of_order_postings_turn_into_whoosh_pool(tmp_path):
    ix = create_newsdex_index(tmp_path, _schema())
    writer = ix.writer()
    writer.pool.add(("body", b"w1", 5, 1.0, b""))
    writer.pool.add(("body", b"w1", 2, 1.0, b""))
    assert not writer.pool._grouped
    assert list(writer.pool.iter_postings()) == [("body", b"w1", 2, 1.0, b""),
                                                 ("body", b"w1", 5, 1.0, b"")]
    writer.cancel()


def test_multiprocess_index_reads_back(tmp_path):
    """Whoosh's multiprocessing writer, each sub-writer with a grouped pool."""
    docs = _documents(400, seed=3)
    ix = create_newsdex_index(tmp_path, _schema())
    with ix.writer(procs=2, multisegment=True, batchsize=50) as writer:
        for doc in docs:
            writer.add_document(**doc)
    with index.open_dir(str(tmp_path)).searcher() as searcher:
        assert searcher.doc_count() == 400
        for word in WORDS[:6]:
            expected = {d["id"] for d in docs if word in d["body"].split()}
            found = {searcher.stored_fields(n)["id"]
                     for n in searcher.docs_for_query(Term("body", word))}
            assert found == expected, word


def test_short_posting_lists_are_inlined_and_found(tmp_path):
    docs = _documents(300, seed=4)
    for i, doc in enumerate(docs[:20]):
        doc["body"] += f" unique{i}"
    _write(tmp_path / "ix", docs, 256)
    ix = index.open_dir(str(tmp_path / "ix"))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        inlined = several = 0
        for (fieldname, btext), info in reader._terms.items():
            assert info.is_inlined() == (info.doc_frequency() < INLINE_LIMIT), (fieldname,
                                                                                btext)
            inlined += info.is_inlined()
            several += info.is_inlined() and info.doc_frequency() > 1
            if fieldname in ("body", "id"):
                text = btext.decode()
                expected = {d["id"] for d in docs
                            if text in (d["body"].split() if fieldname == "body" else [d["id"]])}
                found = {searcher.stored_fields(n)["id"]
                         for n in searcher.docs_for_query(Term(fieldname, text))}
                assert found == expected, (fieldname, text)
        assert inlined >= 320  # 300 ids and 20 unique words at least
        assert several > 0  # lists of 2 to INLINE_LIMIT - 1 postings, inlined too
        hits = searcher.search(Term("body", "unique7"))
        assert [h["id"] for h in hits] == ["d7"]


UK_RU = ["Київ", "Києві", "Харківщині", "Куп'янськ", "Купянском", "ёлка", "и", "та", "в",
         "мама", "стали", "війська", "знаю", "the", "running", "NATO", "2024", "x"]


def _text_schema() -> fields.Schema:
    from indexer.backends.whoosh.analysis import analyzer_for

    return fields.Schema(id=fields.ID(stored=True, unique=True),
                         **{f"body_{lang}": fields.TEXT(analyzer=analyzer_for(lang))
                            for lang in ("en", "uk", "ru")},
                         title=fields.TEXT(analyzer=analyzer_for("en"), field_boost=2.0))


def _text_documents(count: int, seed: int, long_every: int = 0) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        words = [rng.choice(UK_RU) for _ in range(rng.randint(0, 80))]
        if long_every and i % long_every == 0:  # >1000 repeats, positions past 65,535
            words += ["мама"] * 1200 + ["x"] * 70000 + ["running", "війська"]
        doc = {"id": f"d{i}", "title": " ".join(words[:5])}
        doc[f"body_{('en', 'uk', 'ru')[i % 3]}"] = " ".join(words)
        docs.append(doc)
    return docs


def _write_text(folder: Path, docs: list[dict],
                grouped: bool = True) -> tuple[dict[str, bytes], list[str]]:
    folder.mkdir()
    ix = create_newsdex_index(folder, _text_schema())
    writer = ix.writer(limitmb=256, compound=False, grouped=grouped)
    for doc in docs:
        writer.add_document(**doc)
    columns = sorted(getattr(writer.pool, "_columns", {}))
    writer.commit()
    return {p.suffix: p.read_bytes() for p in folder.iterdir()
            if p.suffix in (".trm", ".pst")}, columns


@pytest.mark.parametrize(("count", "long_every"), [(1, 0), (3, 0), (130, 0), (400, 0),
                                                   (7, 3)])
@pytest.mark.parametrize("known", ["none", "others", "these"])
@pytest.mark.parametrize("given", ["none", "writer", "stale"])
def test_text_columns_write_whoosh_bytes(tmp_path, monkeypatch, count, long_every, known,
                                         given):
    """Text fields kept as word codes (indexer.backends.whoosh.codec.text_columns): lemmas of uk/ru
    words at one
    position, stop words, stemming, long position lists and wide deltas, as Whoosh; with
    the process's vocabularies (indexer.backends.whoosh.terms.vocabulary) empty, knowing other
    words first, or
    knowing these texts' words in another order; with each document's codes left to the
    segment writer, worked out before (indexer.backends.whoosh.terms.codes), or given by a
    vocabulary
    that is not the writer's (ignored: the texts are analyzed)."""
    from indexer.backends.whoosh.terms import codes as word_codes
    from indexer.backends.whoosh.terms import vocabulary

    monkeypatch.setattr(vocabulary, "_vocabularies", {})
    docs = _text_documents(count, seed=count, long_every=long_every)
    if known != "none":
        learned = (_text_documents(50, seed=99) if known == "others"
                   else list(reversed(docs)))
        _write_text(tmp_path / "before", [{**doc, "body_en": f"zz{i} " + doc.get("body_en", "")}
                                          for i, doc in enumerate(learned)])
        assert vocabulary._vocabularies  # the "ours" segment starts from these
    if given != "none":
        schema = _text_schema()
        for doc in docs:
            codes = {name: word_codes.field_codes(schema, name, word_codes.numbered(text)[1])
                     for name, text in doc.items() if name != "id"}
            if given == "stale":  # another process's vocabulary, codes of other words
                codes = {name: (("elsewhere", 0), bytes(len(found[1])), found[2])
                         for name, found in codes.items()}
            doc[word_codes.KEY] = codes
    ours, columns = _write_text(tmp_path / "ours", docs)
    assert set(columns) == {name for doc in docs for name in doc if name[0] != "_"} - {"id"}
    whoosh, plain = _write_text(tmp_path / "whoosh", docs, grouped=False)
    assert plain == []
    assert ours == whoosh


def test_text_columns_overflowing_the_pool_read_back(tmp_path):
    """A grouped pool that outgrows its limit hands its text columns to Whoosh's pool."""
    ix = create_newsdex_index(tmp_path, _text_schema())
    docs = _text_documents(3000, seed=5)
    writer = ix.writer(limitmb=1)
    for doc in docs:
        writer.add_document(**doc)
    assert not writer.pool._grouped
    writer.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 3000
        for word, field in (("війська", "body_uk"), ("running", "body_en")):
            terms = list(searcher.schema[field].process_text(word, mode="query"))
            expected = {d["id"] for d in docs if word in d.get(field, "").split()}
            found = {searcher.stored_fields(n)["id"]
                     for n in searcher.docs_for_query(Term(field, terms[0]))}
            assert expected and found >= expected, word
