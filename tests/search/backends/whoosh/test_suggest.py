"""Did you mean (search.backends.whoosh.suggest): unknown words corrected from the index's own
words."""

from __future__ import annotations

import pytest

from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.backends.whoosh.suggest import LATIN, neighbours


def test_neighbours_are_every_single_edit():
    found = neighbours("abc", LATIN)
    for edit in ("bc", "ac", "ab", "bac", "acb", "xbc", "abx", "xabc", "abcx", "abxc"):
        assert edit in found
    assert "abc" not in found and "cab" not in found  # two edits away
    assert len(found) == len(set(found))


@pytest.fixture(scope="module")
def engine(demo_index):
    engine = SearchEngine(demo_index)
    yield engine
    engine.close()


@pytest.mark.parametrize(("query", "suggestion"), [
    ("Kharkov", "Kharkiv"),
    ("govenment", "government"),
    ("NATO summitt", "NATO summit"),
    ('"Kharkov"', '"Kharkiv"'),
    ("person:zelensky Kharkov", "person:zelensky Kharkiv"),
    ("Харкив", "Харків"),
    ("Зеленскйи", "Зеленский"),
])
def test_unknown_words_get_their_most_frequent_neighbour(engine, query, suggestion):
    result = engine.search(SearchRequest(query=query))
    assert result.total == 0
    assert result.suggestion == suggestion
    assert engine.search(SearchRequest(query=suggestion)).total > 0


@pytest.mark.parametrize("query", ["the", "zzkqxwvq", "Kharkiv AND zzkqxwvq", "Kyiv"])
def test_no_suggestion_for_known_stop_or_hopeless_words(engine, query):
    assert engine.search(SearchRequest(query=query)).suggestion is None
