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


@pytest.fixture(scope="module")
def typo_engine(tmp_path_factory):
    """An index holding a typo (goverment, once) beside the word (government, 12 times)."""
    from conftest import make_article

    from indexer.pipeline import index_articles

    articles = [make_article(f"Government note {i}", f"The government met on day {i} about "
                             f"item{i} and the budget {'' if i % 2 else 'plan'}.",
                             url=f"https://typo.example/{i}", language="en")
                for i in range(12)]
    articles.append(make_article("Goverment letter", "A goverment clerk wrote a letter.",
                                 url="https://typo.example/typo", language="en"))
    path = tmp_path_factory.mktemp("typo") / "ix"
    index_articles(articles, path, entities=False)
    engine = SearchEngine(path)
    yield engine
    engine.close()


@pytest.mark.parametrize(("query", "suggestion"), [
    ("govermnet", "government"),          # not the typo the index holds (goverment)
    ("goverment budjet", "government budget"),  # the known typo corrected when needed
    ("Govrnment", "Government"),
])
def test_suggestions_prefer_frequent_words_over_typos_the_index_holds(typo_engine, query,
                                                                      suggestion):
    result = typo_engine.search(SearchRequest(query=query))
    assert result.total == 0
    assert result.suggestion == suggestion
    assert typo_engine.search(SearchRequest(query=suggestion)).total > 0


def test_no_suggestion_that_would_find_nothing(typo_engine):
    # letter and budjet: each correctable alone, never together in one article
    result = typo_engine.search(SearchRequest(query="lettr budjet"))
    assert result.total == 0 and result.suggestion is None
    result = typo_engine.search(SearchRequest(query="budjet", filters={"lang": ["uk"]}))
    assert result.suggestion is None  # budget exists, but not among the filtered articles


def _edits(word: str, data) -> str:
    from hypothesis import strategies as st

    for _ in range(data.draw(st.integers(1, 2))):
        i = data.draw(st.integers(0, len(word) - 1))
        op = data.draw(st.sampled_from(["drop", "swap", "double", "replace"]))
        if op == "drop" and len(word) > 4:
            word = word[:i] + word[i + 1:]
        elif op == "swap" and i < len(word) - 1:
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif op == "double":
            word = word[:i] + word[i] + word[i:]
        else:
            word = word[:i] + data.draw(st.sampled_from("aeioukst")) + word[i + 1:]
    return word


def test_every_offered_suggestion_finds_something(engine):
    """Misspell one or two words of the demo corpus's titles; whatever is offered, searched,
    has hits."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = sorted({w.strip(".,:;!?\"'()").lower() for h in engine.search(
        SearchRequest(per_page=100)).hits for w in h.title.split()
        if len(w.strip(".,:;!?\"'()")) >= 5 and w.isalpha()})
    assert len(words) > 20

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data):
        picked = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=2))
        query = " ".join(_edits(w, data) for w in picked)
        result = engine.search(SearchRequest(query=query, facets=(), histogram=False))
        if result.suggestion is not None:
            assert engine.search(SearchRequest(query=result.suggestion)).total > 0, (
                query, result.suggestion)

    check()
