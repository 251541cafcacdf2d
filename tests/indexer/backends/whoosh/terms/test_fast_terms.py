"""Index-time analysis once per word (indexer.backends.whoosh.terms.term_keys) and segment writing
without
system calls (indexer.backends.whoosh.codec.files) give exactly Whoosh's postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import RegexTokenizer, StemFilter, StopFilter
from whoosh.formats import Positions

from indexer.backends.whoosh.analysis import analyzer_for
from indexer.backends.whoosh.schema import TEXT_LANGUAGES
from indexer.backends.whoosh.terms import term_keys as fast_terms
from indexer.backends.whoosh.writer import open_index
from indexer.pipeline import index_articles, prepare
from indexer.readers import read_inputs

DEMO = ROOT / "demo" / "articles.jsonl"
WORDS = ["the", "The", "a", "Russia's", "allies'", "Kyiv", "Київ", "Києві", "Харківщині",
         "Куп'янськ", "Куп’янськ", "Купянском", "ёлка", "Ёлки", "и", "та", "в", "U.S.",
         "running", "runs", "2024", "x", "NATO", "мама", "ей", "O'Neill", "е", "ё"]


def whoosh_values(value: str, analyzer, boost: float = 1.0) -> list:
    """Whoosh's own `Positions.word_values`, through the token stream."""
    fmt = Positions(field_boost=boost)
    return list(fmt.word_values(value, analyzer, mode="index"))


def fast_values(value: str, analyzer, boost: float = 1.0) -> list:
    """`Positions.word_values` through the word plan (as the segment writer indexes)."""
    plan = fast_terms.plan_for(analyzer)
    if plan is None:
        return whoosh_values(value, analyzer, boost)
    return list(fast_terms.plan_word_values(Positions(field_boost=boost), plan, value))


@pytest.mark.parametrize("language", TEXT_LANGUAGES)
def test_every_newsdex_analyzer_has_a_word_plan(language):
    assert fast_terms.plan_for(analyzer_for(language)) is not None


@pytest.mark.parametrize("language", TEXT_LANGUAGES)
@pytest.mark.parametrize("text", [
    "", "the", "The cat sat on the mat", "cat the the sat", "  a a a Russia's war  ",
    "Харківщині та Києві, Куп’янськ і Купянском", "ёлка и Ёлки в лесу", "U.S. and O'Neill",
])
def test_word_plan_equals_the_token_stream(language, text):
    analyzer = analyzer_for(language)
    assert fast_values(text, analyzer, 2.0) == whoosh_values(text, analyzer, 2.0)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=40),
       st.sampled_from(TEXT_LANGUAGES))
def test_word_plan_equals_the_token_stream_on_any_text(words, language):
    text = " ".join(words)
    analyzer = analyzer_for(language)
    assert fast_values(text, analyzer) == whoosh_values(text, analyzer)


def test_demo_articles_analyze_alike_both_ways():
    analyzer_by_lang = {lang: analyzer_for(lang) for lang in TEXT_LANGUAGES}
    checked = 0
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lang = record.get("language") or record.get("lang") or "xx"
        analyzer = analyzer_by_lang.get(lang, analyzer_by_lang["xx"])
        for text in (record.get("title") or "", record.get("body") or record.get("text") or ""):
            assert fast_values(text, analyzer) == whoosh_values(text, analyzer)
            checked += 1
    assert checked >= 60


@pytest.mark.parametrize("analyzer", [
    RegexTokenizer(r"\w+", gaps=False) | StopFilter(renumber=False) | StemFilter(),
    RegexTokenizer(r"\w+") | StopFilter(renumber=True),
])
def test_plain_whoosh_chains_are_planned_and_agree(analyzer):
    text = "the runner is running to the river of the runs"
    assert fast_terms.plan_for(analyzer) is not None
    assert fast_values(text, analyzer) == whoosh_values(text, analyzer)


def test_other_analyzers_keep_whoosh_path():
    from whoosh.analysis import NgramFilter

    analyzer = RegexTokenizer(r"\w+") | NgramFilter(2, 3)
    assert fast_terms.plan_for(analyzer) is None
    assert fast_values("abcd efg", analyzer) == whoosh_values("abcd efg", analyzer)


def _postings(index_dir: Path) -> dict:
    """Every term of every text field (and its pair field, indexer.backends.whoosh.codec.pairs):
    its statistics
    (with the shortest and longest document) and its documents' ids, weights and positions
    (frequencies for pairs)."""
    found = {}
    with open_index(index_dir).searcher() as searcher:
        reader = searcher.reader()
        ids = {n: stored["id"] for n, stored in reader.iter_docs()}
        for fieldname in searcher.schema.names():
            if not fieldname.startswith(("title_", "body_")):
                continue
            for term in reader.lexicon(fieldname):
                info = reader.term_info(fieldname, term)
                stats = (info.weight(), info.doc_frequency(), info.min_length(),
                         info.max_length(), info.max_weight())
                found[fieldname, term] = stats, _all(reader.postings(fieldname, term), ids,
                                                     searcher.schema[fieldname].format)
    return found


def _all(matcher, ids, fmt) -> list:
    rows = []
    while matcher.is_active():
        rows.append((ids[matcher.id()], matcher.weight(),
                     tuple(matcher.value_as("positions")) if type(fmt) is Positions
                     else matcher.value_as("frequency")))
        matcher.next()
    return sorted(rows)


def test_an_index_written_with_word_plans_equals_one_written_by_whoosh(tmp_path):
    """The same articles through newsdex's writers and codec, and through Whoosh's own
    (an index of the plain Whoosh format): the same postings."""
    from indexer.backends.whoosh.store import PLAIN_FORMAT

    items = list(prepare(read_inputs([str(DEMO)])))
    assert {a.language for a in items} >= {"en", "uk", "ru"}
    index_articles(items, tmp_path / "fast", entities=False)
    open_index(tmp_path / "whoosh", create=True, storage_format=PLAIN_FORMAT)
    index_articles(items, tmp_path / "whoosh", entities=False)
    fast, slow = _postings(tmp_path / "fast"), _postings(tmp_path / "whoosh")
    assert len(fast) > 1000 and {f for f, _ in fast} >= {"body_en", "body_uk", "body_ru",
                                                         "body_en__pairs", "body_uk__pairs"}
    assert fast == slow


def test_a_missing_length_column_is_looked_up_once(tmp_path, monkeypatch):
    """`doc_field_length` of a field without lengths in a segment: one `stat`, not one per
    document (indexer.backends.whoosh.codec.files)."""
    items = list(prepare(read_inputs([str(DEMO)])))
    index_articles(items, tmp_path / "ix", entities=False)
    reader = open_index(tmp_path / "ix").reader()
    perdoc = reader.leaf_readers()[0][0]._perdoc  # over the segment's own (compound) files
    calls = []
    real = perdoc._storage.file_exists
    monkeypatch.setattr(perdoc._storage, "file_exists",
                        lambda name: calls.append(name) or real(name))
    lengths = [perdoc.doc_field_length(n, "title_xx") for n in range(perdoc.doc_count_all())]
    assert set(lengths) == {0} and len(lengths) > 10
    assert len(calls) == 1
    assert any(perdoc.doc_field_length(n, "body_en") for n in range(perdoc.doc_count_all()))
    reader.close()
