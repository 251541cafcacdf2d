"""The fast paths (bulk postings, segment-keyed cached arrays, recording collector) agree
with Whoosh's own `groupedby`, `docs_for_query` and `search`, including after adds and deletes."""

from __future__ import annotations

import numpy as np
import pytest
from test_facets import _random_articles
from whoosh import query as wq
from whoosh import sorting

from indexer.backends.whoosh.writer import ArticleWriter, open_index
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.backends.whoosh.facet_cache import CACHE_DIR, prune_cache
from search.backends.whoosh.facets import FacetIndex, prepare_cache
from search.backends.whoosh.matches import MaskEvaluator

FIELDS = ("person", "place", "source")
QUERIES = [
    wq.Every(), wq.Term("title_en", "grain"), wq.Term("body_en", "summit"),
    wq.Or([wq.Term("body_en", "grain"), wq.Term("body_en", "summit")]),
    wq.And([wq.Term("body_en", "stori"), wq.Not(wq.Term("title_en", "shell"))]),
    wq.Phrase("body_en", ["stori", "number"]),
]


def _groupedby(searcher, q, field) -> dict[str, int]:
    facet = sorting.FieldFacet(field, allow_overlap=True)
    results = searcher.search(q, groupedby={field: facet}, limit=None)
    return {k.decode() if isinstance(k, bytes) else k: len(v)
            for k, v in results.groups(field).items() if k is not None}


def _counts(index: FacetIndex, mask: np.ndarray, field: str) -> dict[str, int]:
    counts = index.counts(field, mask)
    return {v: int(c) for v, c in zip(index.values[field], counts, strict=True) if c}


@pytest.fixture
def churned(tmp_path):
    """An index of several segments, with later adds and deletes."""
    index_dir = tmp_path / "ix"
    articles = _random_articles(150, seed=11)
    index_articles(articles[:90], index_dir, entities=False, commit_every=30)
    index_articles(articles[90:], index_dir, entities=False, commit_every=25)
    with ArticleWriter(index_dir) as writer:
        for a in articles[::6]:
            writer.delete(a.id)
    return index_dir


def _check(searcher, index: FacetIndex) -> None:
    evaluator = MaskEvaluator(searcher, index.live)
    for q in QUERIES:
        expected = np.zeros(index.size, dtype=bool)
        expected[list(searcher.docs_for_query(q))] = True
        mask = evaluator.mask(q)
        assert np.array_equal(mask, expected), q
        for field in FIELDS:
            assert _counts(index, mask, field) == _groupedby(searcher, q, field), (q, field)


def test_counts_from_built_and_cached_arrays_equal_groupedby(churned):
    ix = open_index(churned)
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) > 1
        built = FacetIndex(s, FIELDS)  # builds and writes the per-segment cache
        assert list((churned / CACHE_DIR).glob("*.npz"))
        _check(s, built)
        cached = FacetIndex(s, FIELDS)  # loads every segment from the cache
        for field in FIELDS:
            assert cached.values[field] == built.values[field]
            assert np.array_equal(cached.docs[field], built.docs[field])
        assert np.array_equal(cached.days, built.days)
        _check(s, cached)
        uncached = FacetIndex(s, FIELDS, cache=False)
        assert np.array_equal(uncached.docs["person"], built.docs["person"])


def test_cache_follows_new_segments_and_deletes(churned):
    with open_index(churned).searcher() as s:
        FacetIndex(s, FIELDS)
    with ArticleWriter(churned) as writer:  # a new segment and a further delete
        for a in _random_articles(20, seed=99):
            a.url = a.url.replace("x.example", "y.example")
            writer.write(a)
        writer.commit()
        writer.delete("https://x.example/1")
    ix = open_index(churned)
    with ix.searcher() as s:
        index = FacetIndex(s, FIELDS)
        assert index.live_count == s.doc_count()
        _check(s, index)
        ids = [seg.segment_id() for seg in ix._segments()]
    assert prune_cache(churned, ids) >= 0
    assert {p.name.split(".")[0] for p in (churned / CACHE_DIR).glob("*.npz")} <= set(ids)


def test_recording_collector_ranks_like_whoosh(churned):
    with open_index(churned).searcher() as s:
        index = FacetIndex(s, FIELDS)
        evaluator = MaskEvaluator(s, index.live)
        q = wq.Phrase("body_en", ["stori", "number"])
        assert not evaluator.bulk(q) and evaluator.bulk(QUERIES[4])
        allowed = index.value_mask("source", ["a", "b"])
        mask, top = evaluator.match(q, allowed, 5)
        expected = s.search(q, limit=5, filter=set(np.flatnonzero(allowed & mask).tolist()))
        assert [d for d, _ in top] == [hit.docnum for hit in expected]
        assert int(mask.sum()) == len(list(s.docs_for_query(q)))


def test_engine_totals_and_every_cache(churned):
    engine = SearchEngine(churned)
    everything = engine.search(SearchRequest(facets=("person", "source")))
    again = engine.search(SearchRequest(facets=("person", "source")))
    assert everything.facets == again.facets and everything.total == again.total
    phrase = engine.search(SearchRequest(query='"story number"', per_page=3))
    assert phrase.total == everything.total and len(phrase.hits) == 3
    filtered = engine.search(SearchRequest(query='"story number"', filters={"source": ["A"]}))
    assert all(h.source == "A" for h in filtered.hits)
    engine.close()


def test_index_and_optimize_leave_facet_arrays_for_exactly_the_live_segments(tmp_path):
    from click.testing import CliRunner

    from search.cli import cli

    index_dir = tmp_path / "ix"
    data = tmp_path / "in"
    data.mkdir()
    for i in range(6):
        (data / f"{i}.txt").write_text(f"Grain story {i}\n\nShips left the port, story {i}.")
    runner = CliRunner()
    for part in ("0", "1"):
        for i in range(3):
            (data / f"{i}.txt").write_text(f"Grain story {i} {part}\n\nShips left, {part}.")
        result = runner.invoke(cli, ["index", str(data), "--index", str(index_dir),
                                     "--no-entities", "--commit-every", "2"])
        assert result.exit_code == 0, result.output
    segments = {s.segment_id() for s in open_index(index_dir)._segments()}
    cached = {p.name.split(".", 1)[0] for p in (index_dir / CACHE_DIR).glob("*.npz")}
    assert cached == segments and len(segments) > 1
    result = runner.invoke(cli, ["optimize", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    segments = {s.segment_id() for s in open_index(index_dir)._segments()}
    cached = {p.name.split(".", 1)[0] for p in (index_dir / CACHE_DIR).glob("*.npz")}
    assert cached == segments and len(segments) == 1


@pytest.mark.parametrize("text", ["grain", "grain OR summit", "stori -shell", '"story number"'])
def test_engine_facet_counts_equal_groupedby(churned, text):
    engine = SearchEngine(churned)
    st = engine.state()
    q = st.builder.build(text, cross_lang=False, match="all")
    result = engine.search(SearchRequest(query=text, facets=FIELDS, facet_size=100,
                                         all_copies=True))
    assert result.total == len(set(st.searcher.docs_for_query(q)))
    for field in FIELDS:
        ours = {v.value: v.count for v in result.facets[field] if v.count}
        theirs = _groupedby(st.searcher, q, field)
        if field == "source":
            theirs = {k.lower(): n for k, n in theirs.items()}
        assert ours == theirs, (text, field)
    engine.close()


def test_merged_arrays_saved_for_the_whole_index_load_alike(churned, monkeypatch):
    from search.backends.whoosh import facets
    from search.backends.whoosh.facet_cache import WHOLE_DIR

    prepare_cache(churned, FIELDS)
    assert len(list((churned / CACHE_DIR / WHOLE_DIR).glob("*.npz"))) == 1
    with open_index(churned).searcher() as s:
        built = FacetIndex(s, FIELDS, cache=False)

        def unused(*_args):
            raise AssertionError("per-segment arrays read although merged ones were saved")

        with monkeypatch.context() as patch:
            patch.setattr(facets, "SegmentArrays", unused)
            loaded = FacetIndex(s, FIELDS)
        for field in FIELDS:
            assert loaded.values[field] == built.values[field]
            assert np.array_equal(loaded.docs[field], built.docs[field])
            assert np.array_equal(loaded.value_of[field], built.value_of[field])
        assert np.array_equal(loaded.days, built.days)
        assert np.array_equal(loaded.live, built.live)
        _check(s, loaded)
    with ArticleWriter(churned) as writer:  # other segments: the saved arrays no longer fit
        for a in _random_articles(5, seed=98):
            a.url = a.url.replace("x.example", "z.example")
            writer.write(a)
    with open_index(churned).searcher() as s:
        _check(s, FacetIndex(s, FIELDS))
    prepare_cache(churned, FIELDS)
    assert len(list((churned / CACHE_DIR / WHOLE_DIR).glob("*.npz"))) == 1
