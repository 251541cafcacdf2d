"""Facet counts from the numpy arrays equal Whoosh's own groupedby counts."""

from __future__ import annotations

import random
from datetime import date, datetime
from itertools import pairwise

import numpy as np
import pytest
from whoosh import sorting
from whoosh.query import Every, Term

from indexer.article import Article, Mention
from indexer.backends.whoosh.writer import ArticleWriter
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.backends.whoosh.facets import FacetIndex, histogram


def _random_articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(15)]
    places = [f"{100 + i}" for i in range(10)]
    out = []
    for i in range(n):
        mentions = [Mention("person", p, 0, 1, p, p.upper()) for p in rng.sample(people, 3)]
        mentions += [Mention("place", p, 0, 1, p, f"Place {p}", 1.0, 2.0, "UA")
                     for p in rng.sample(places, rng.randint(0, 2))]
        word = rng.choice(["grain", "shelling", "summit"])
        out.append(Article(title=f"{word} {i}", body=f"{word} story number {i}",
                           source=rng.choice(["A", "B", "C"]), language="en",
                           published=datetime(2022, 1, 1 + i % 28) if i % 5 else None,
                           mentions=mentions, url=f"https://x.example/{i}"))
    return out


def _groupedby(searcher, q, field) -> dict[str, int]:
    facet = sorting.FieldFacet(field, allow_overlap=True)
    results = searcher.search(q, groupedby={field: facet}, limit=None)
    return {k.decode() if isinstance(k, bytes) else k: len(v)
            for k, v in results.groups(field).items() if k is not None}


def _ours(searcher, q, field) -> dict[str, int]:
    index = FacetIndex(searcher, [field])
    mask = np.zeros(index.size, dtype=bool)
    mask[list(searcher.docs_for_query(q))] = True
    counts = index.counts(field, mask)
    return {v: int(c) for v, c in zip(index.values[field], counts, strict=True) if c}


@pytest.mark.parametrize("field", ["person", "place", "source"])
@pytest.mark.parametrize("ratio", [0, 10**9], ids=["per-document", "per-posting"])
def test_fast_counts_equal_groupedby_after_adds_and_deletes(tmp_path, monkeypatch, field,
                                                            ratio):
    # 0: always per document
    monkeypatch.setattr("search.backends.whoosh.facets._FORWARD_RATIO", ratio)
    index_dir = tmp_path / "ix"
    articles = _random_articles(120, seed=7)
    index_articles(articles[:80], index_dir, entities=False, commit_every=30)
    index_articles(articles[80:], index_dir, entities=False)
    with ArticleWriter(index_dir) as writer:
        for a in articles[::7]:
            writer.delete(a.id)
    from indexer.backends.whoosh.writer import open_index

    with open_index(index_dir).searcher() as s:
        for q in (Every(), Term("title_en", "grain"), Term("body_en", "summit")):
            assert _ours(s, q, field) == _groupedby(s, q, field)


def test_multiselect_facets_keep_other_values_visible(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    engine = SearchEngine(tmp_path / "ix")
    result = engine.search(SearchRequest(filters={"source": ["Wire A"]},
                                         facets=("source", "place")))
    assert result.total == 2
    sources = {v.value: (v.count, v.selected) for v in result.facets["source"]}
    assert sources["wire a"] == (2, True)
    assert sources["вісник"] == (1, False)  # still counted: multi-select
    places = {v.label: v.count for v in result.facets["place"]}
    assert places == {"Kupiansk": 1, "Kharkiv": 1}  # other facets follow the filter
    union = engine.search(SearchRequest(filters={"source": ["Wire A", "Новости"]}))
    assert union.total == 3  # OR within a facet
    both = engine.search(SearchRequest(filters={"source": ["Wire A"], "lang": ["uk"]}))
    assert both.total == 0  # AND across facets
    engine.close()


def test_place_facet_carries_coordinates_and_labels(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    engine = SearchEngine(tmp_path / "ix")
    result = engine.search(SearchRequest(facets=("place", "lang")))
    kharkiv = next(v for v in result.facets["place"] if v.value == "706483")
    assert (kharkiv.label, kharkiv.count, kharkiv.extra["lat"]) == ("Kharkiv", 3, 49.98)
    assert {v.label: v.count for v in result.facets["lang"]} == {
        "English": 3, "Українська": 1, "Русский": 1}
    engine.close()


def test_histogram_buckets_and_undated(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    engine = SearchEngine(tmp_path / "ix")
    result = engine.search(SearchRequest())
    assert result.histogram.interval == "week"  # 5 months: weekly bars
    assert result.histogram.buckets[0].start == "2022-09-05"  # a Monday
    st = engine.state()
    hist = histogram(st.facets, st.facets.live, "month")
    assert hist.undated == 1
    assert [(b.key, b.count) for b in hist.buckets] == [
        ("2022-09", 1), ("2022-10", 1), ("2022-11", 0), ("2022-12", 0), ("2023-01", 1),
        ("2023-02", 1)]
    since = engine.search(SearchRequest(since=date(2022, 10, 1), until=date(2023, 1, 31)))
    assert since.total == 2
    assert histogram(st.facets, st.facets.live, "year").buckets[0].key == "2022"
    engine.close()


@pytest.mark.parametrize(("sort", "first"), [("newest", "https://c.example/4"),
                                             ("oldest", "https://a.example/1")])
def test_sort_by_date(tmp_path, small_articles, sort, first):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    engine = SearchEngine(tmp_path / "ix")
    hits = engine.search(SearchRequest(sort=sort, per_page=5)).hits
    assert hits[0].id == first
    assert hits[-1].published is None  # undated last
    engine.close()


def test_recent_sort_prefers_newer_among_relevant(tmp_path):
    from indexer.article import Article as A

    filler = " ".join(f"word{i}" for i in range(40))
    docs = [A(title="grain deal", body="grain exports, grain prices, grain ships", language="en",
              url="https://r.example/old", published=datetime(2022, 1, 1)),
            A(title="harbour news", body=f"a grain ship {filler}", language="en",
              url="https://r.example/new", published=datetime(2023, 1, 1))]
    index_articles(docs, tmp_path / "ix", entities=False)
    engine = SearchEngine(tmp_path / "ix")
    relevance = [h.id for h in engine.search(SearchRequest(query="grain")).hits]
    recent = [h.id for h in engine.search(SearchRequest(query="grain", sort="recent")).hits]
    assert relevance[0] == "https://r.example/old"  # more occurrences
    assert recent[0] == "https://r.example/new"  # a year newer outweighs them
    engine.close()


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_histogram_equals_counting_each_date(tmp_path, interval):
    """Every bar from the first to the last, empty ones included, counts its dates."""
    rng = random.Random(7)
    days = [date(2021, 12, 30).toordinal() + rng.choice([0, 3, 9, 40, 400, 401]) for _ in range(60)]
    articles = [Article(title=f"t {i}", body="words", source="A", language="en",
                        published=datetime.fromordinal(d), url=f"https://x.example/{i}")
                for i, d in enumerate(days)]
    index_articles(articles, tmp_path / "ix", entities=False)
    engine = SearchEngine(tmp_path / "ix")
    st = engine.state()
    hist = histogram(st.facets, st.facets.live, interval)

    def start(day: date) -> date:
        if interval == "week":
            return date.fromordinal(day.toordinal() - day.weekday())
        if interval == "month":
            return day.replace(day=1)
        return day.replace(month=1, day=1) if interval == "year" else day

    expected: dict[date, int] = {}
    for d in days:
        expected[start(date.fromordinal(d))] = expected.get(start(date.fromordinal(d)), 0) + 1
    bars = {date.fromisoformat(b.start): b.count for b in hist.buckets}
    assert {k: v for k, v in bars.items() if v} == expected
    assert min(bars) == min(expected) and max(bars) == max(expected)
    key_length = {"day": 10, "week": 10, "month": 7, "year": 4}[interval]
    assert all(len(b.key) == key_length and b.start.startswith(b.key) for b in hist.buckets)
    starts = sorted(bars)
    if interval in ("day", "week"):
        step = 1 if interval == "day" else 7
        assert all((b - a).days == step for a, b in pairwise(starts))
    engine.close()


def _answer(result) -> tuple:
    """What a search answered, as comparable values."""
    facets = {name: [(v.value, v.count) for v in values]
              for name, values in result.facets.items()}
    return (result.total, [h.id for h in result.hits], facets,
            [(b.key, b.count) for b in result.histogram.buckets], result.histogram.undated)


def test_searches_on_several_threads_answer_as_one_at_a_time(tmp_path):
    """A search counts its facets, and a phrase's segments, on shared worker threads
    (search.backends.whoosh.workers): requests made at once from several threads, on one engine and
    on
    two, answer exactly as the same requests made one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    articles = _random_articles(240, seed=11)
    for start in range(0, 240, 60):  # four segments
        index_articles(articles[start:start + 60], tmp_path / "ix", entities=False)
    requests = [SearchRequest(query=text, facets=("person", "place", "source", "lang"))
                for text in ('"story number"', '"grain story" OR "summit story"', "shelling",
                             '"summit story"', "")]
    serial = SearchEngine(tmp_path / "ix")
    assert len(serial.state().searcher.reader().leaf_readers()) > 1
    expected = [_answer(serial.search(r)) for r in requests]
    serial.close()
    assert all(e[0] and e[2]["person"] and e[3] for e in expected), expected
    assert len({e[0] for e in expected}) >= 4  # different answers
    engines = [SearchEngine(tmp_path / "ix"), SearchEngine(tmp_path / "ix")]
    try:
        jobs = [(engines[i % 2], r) for i, r in enumerate(requests * 6)]
        with ThreadPoolExecutor(6) as pool:
            got = list(pool.map(lambda job: _answer(job[0].search(job[1])), jobs))
    finally:
        for engine in engines:
            engine.close()
    assert got == expected * 6
