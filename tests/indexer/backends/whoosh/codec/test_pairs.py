"""Pairs of common words (indexer.backends.whoosh.codec.pairs): a two-word phrase of common words
answered by one
term, exactly as the positions answer it."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from conftest import make_article

from indexer.backends.whoosh.analysis import analyzer_for
from indexer.backends.whoosh.codec.pairs import pair_counts
from indexer.backends.whoosh.maintenance import delete_articles
from indexer.backends.whoosh.store import open_index
from indexer.backends.whoosh.terms.term_keys import plan_for
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest

TEXTS = {
    "en": ["The minister's office said the minister and the office met, said officials.",
           "Officials said: office office office; the minister said nothing at all."],
    "uk": ["Міністр оборони заявив, що Куп'янськ і Харків під обстрілом; міністр оборони "
           "України приїхав до Харкова.", "Оборони міністр міністра оборони міністрові."],
    "ru": ["Министр обороны заявил, что Купянск и Харьков под обстрелом; министр обороны "
           "приехал в Харьков.", "Обороны министр министра обороны ещё раз."],
}


def _expected(plan, words, text) -> Counter:
    """Pairs from the analyzer's own positions (WordPlan.positions): every term at p with
    every term at p + 1, both common."""
    at: dict[int, list[str]] = {}
    for term, positions in plan.positions(text).items():
        for pos in positions:
            at.setdefault(pos, []).append(term)
    found: Counter = Counter()
    for pos, terms in at.items():
        for first in terms:
            for second in at.get(pos + 1, []):
                if first in words and second in words:
                    found[f"{first} {second}"] += 1
    return found


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_pairs_are_the_adjacent_positions_of_common_terms(language):
    """Stop words dropped (English renumbers the words kept), several lemmas at one
    position (uk, ru): the pairs are those of the positions a phrase query matches."""
    plan = plan_for(analyzer_for(language))
    for text in TEXTS[language]:
        every = {t for t in plan.positions(text)}
        for words in (every, frozenset(sorted(every)[::2])):
            assert pair_counts(plan, frozenset(words), text) == _expected(plan, words, text)
    assert pair_counts(plan, frozenset(), TEXTS[language][0]) == Counter()


VOCABULARY = [f"w{n}" for n in range(40)]


def _articles(count: int, seed: int, language: str = "en") -> list:
    """Articles of words drawn with Zipf-like weights, "the" between some of them."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    articles = []
    for n in range(count):
        words = rng.choices(VOCABULARY, weights, k=rng.randint(5, 60))
        body = " ".join(w if rng.random() > 0.1 else f"the {w}" for w in words)
        articles.append(make_article(" ".join(words[:4]), body, language=language,
                                     url=f"https://p.example/{language}/{seed}/{n}"))
    return articles


def _answers(index_dir, queries) -> dict:
    engine = SearchEngine(index_dir)
    try:
        found = {}
        for q in queries:
            result = engine.search(SearchRequest(query=q, per_page=40))
            found[q] = result.total, [(h.id, round(h.score, 9)) for h in result.hits]
        return found
    finally:
        engine.close()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_phrase_of_common_words_matches_and_scores_as_by_positions(tmp_path, monkeypatch,
                                                                      jobs):
    """Several commits (segments), deletions, one writing process or several: every
    phrase finds the same articles with the same scores through its pair as through the
    positions, and the pairs are really used."""
    from indexer.backends.whoosh.codec import pairs

    monkeypatch.setattr(pairs, "COMMON", 8)  # w0..w7 common, the rest not
    index_dir = tmp_path / "ix"
    articles = _articles(150, seed=jobs)
    index_articles(articles, index_dir, entities=False, jobs=jobs, commit_every=50)
    delete_articles(index_dir, ids=[a.id for a in articles[::7]])
    common = open_index(index_dir).schema["body_en__pairs"].words
    assert common == {f"w{n}" for n in range(8)}
    queries = ['"w0 w1"', '"w1 w0"', '"w0 w0"', '"w2 w7"', '"w0 the w1"', '"w0 w30"',
               '"w1 w0 w0"', 'w5 "w3 w4"', '"w3 w4" OR "w5 w6"']
    used: list[str] = []
    from search.backends.whoosh import bm25f as vector

    postings = vector.term_postings

    def recording(reader, fieldname, btext):
        used.append(fieldname)
        return postings(reader, fieldname, btext)

    monkeypatch.setattr(vector, "term_postings", recording)
    with_pairs = _answers(index_dir, queries)
    assert {"body_en__pairs", "title_en__pairs"} <= set(used)
    monkeypatch.setattr(vector, "pair_term", lambda *args: None)
    assert _answers(index_dir, queries) == with_pairs
    assert all(total for total, _hits in with_pairs.values())


def test_each_text_field_gets_its_pairs_at_its_first_commit(tmp_path, monkeypatch):
    """An index written before pairs keeps its fields without them; a field first written
    later gets its pairs then, chosen from that commit, and keeps them."""
    from indexer.backends.whoosh import writer

    index_dir = tmp_path / "ix"
    monkeypatch.setattr(writer, "first_pair_fields", lambda *args: {})  # as before pairs
    index_articles(_articles(30, seed=1), index_dir, entities=False)
    monkeypatch.undo()
    index_articles(_articles(30, seed=2), index_dir, entities=False)
    assert not [n for n in open_index(index_dir).schema.names() if n.endswith("__pairs")]
    index_articles(_articles(30, seed=3, language="uk"), index_dir, entities=False)
    schema = open_index(index_dir).schema
    assert {n for n in schema.names() if n.endswith("__pairs")} == {"title_uk__pairs",
                                                                    "body_uk__pairs"}
    words = schema["body_uk__pairs"].words
    assert "w0" in words
    index_articles(_articles(30, seed=4, language="uk"), index_dir, entities=False)
    assert open_index(index_dir).schema["body_uk__pairs"].words == words
    found = _answers(index_dir, ['"w0 w1"'])['"w0 w1"']
    assert found[0] > 0
