"""Decoded postings kept in memory (search.backends.whoosh.postings): bounded, and never stale."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import make_article

from indexer.backends.whoosh.maintenance import optimize_index
from indexer.backends.whoosh.writer import ArticleWriter
from indexer.pipeline import index_articles
from search.backends.whoosh import postings
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.backends.whoosh.postings import DecodedCache


def _arrays(n: int) -> tuple[np.ndarray]:
    return (np.zeros(n, dtype=np.int64),)


def test_least_recently_used_go_first_past_the_budget():
    cache = DecodedCache(budget_bytes=4 * (800 + 200))
    for key in "abcd":
        cache.get((key,), lambda: _arrays(100))
    assert len(cache) == 4
    cache.get(("a",), lambda: pytest.fail("a is kept"))  # a is now the most recent
    cache.get(("e",), lambda: _arrays(100))
    assert len(cache) == 4 and cache.used <= cache.budget
    built = []
    cache.get(("b",), lambda: built.append("b") or _arrays(100))
    assert built == ["b"]  # b was the least recently used: dropped, decoded again
    cache.get(("a",), lambda: pytest.fail("a survived"))


def test_a_list_too_big_for_the_budget_is_returned_but_not_kept():
    cache = DecodedCache(budget_bytes=1000)
    (big,) = cache.get(("big",), lambda: _arrays(1000))
    assert big.size == 1000 and len(cache) == 0 and cache.used == 0


def test_kept_arrays_are_read_only():
    (kept,) = DecodedCache(10_000).get(("k",), lambda: _arrays(10))
    with pytest.raises(ValueError):
        kept[0] = 1


def _search(index_dir, query: str) -> list[tuple[str, float]]:
    engine = SearchEngine(index_dir)
    try:
        result = engine.search(SearchRequest(query=query, per_page=50))
        return [(hit.id, round(hit.score, 9)) for hit in result.hits]
    finally:
        engine.close()


@pytest.mark.parametrize("query", ["Kharkiv", '"armed forces"', "Kyiv OR Kharkiv", "Kyiv -NATO"])
def test_warm_answers_equal_cold_ones(demo_index, query):
    postings.CACHE.clear()
    cold = _search(demo_index, query)
    assert len(postings.CACHE) > 0
    assert _search(demo_index, query) == cold and cold


def test_answers_follow_deletes_new_articles_and_merges(tmp_path, small_articles):
    index_dir = tmp_path / "ix"
    index_articles(small_articles, index_dir, entities=False)
    before = _search(index_dir, "Kupiansk")
    assert before
    gone = before[0][0]
    with ArticleWriter(index_dir) as writer:
        writer.delete(gone)
    after_delete = _search(index_dir, "Kupiansk")
    assert gone not in [i for i, _s in after_delete]
    more = [make_article(f"Kupiansk report {n}", f"Report {n}: {body}", language="en",
                         url=f"https://d.example/{n}")
            for n, body in enumerate(["Trains reached Kupiansk again.",
                                      "Kupiansk schools reopened after the winter break.",
                                      "Power returned to Kupiansk districts on Monday."])]
    index_articles(more, index_dir, entities=False)
    grown = _search(index_dir, "Kupiansk")
    assert len(grown) == len(after_delete) + len(more)
    optimize_index(index_dir)
    assert sorted(i for i, _s in _search(index_dir, "Kupiansk")) == sorted(
        i for i, _s in grown)


def test_a_zero_budget_keeps_nothing_and_answers_alike(demo_index, monkeypatch):
    postings.CACHE.clear()
    warm = _search(demo_index, '"armed forces" OR Kharkiv')
    monkeypatch.setattr(postings, "CACHE", DecodedCache(0))
    monkeypatch.setattr("search.backends.whoosh.matches.CACHE", postings.CACHE)
    monkeypatch.setattr("search.backends.whoosh.phrases.CACHE", postings.CACHE)
    assert _search(demo_index, '"armed forces" OR Kharkiv') == warm
    assert len(postings.CACHE) == 0
