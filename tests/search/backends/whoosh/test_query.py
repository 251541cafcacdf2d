"""The query language: syntax errors with positions, fields, entity resolution."""

from __future__ import annotations

import pytest

from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.backends.whoosh.query import check_syntax
from search.errors import QueryError


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('"unclosed', "unclosed quote", 0),
        ("Kupiansk \"liberated", "unclosed quote", 9),
        ("(a AND", "unclosed '('", 0),
        ("a AND", "AND needs a term after it", 2),
        ("AND a", "AND needs a term before it", 0),
        ("a OR OR b", "OR needs a term before it", 5),
        ("a)", "unexpected ')'", 1),
        ("published:[2022 to", "unclosed '['", 10),
        ("(a OR b))", "unexpected ')'", 8),
        ("a (OR b)", "OR needs a term before it", 3),
        ("bogus:thing", "unknown field 'bogus'", 0),
    ],
)
def test_syntax_errors_name_the_problem_and_position(text, message, position):
    with pytest.raises(QueryError) as err:
        check_syntax(text)
    assert message in str(err.value)
    assert err.value.position == position


@pytest.mark.parametrize(
    "text",
    ['"a phrase" AND b', "(a OR b) NOT c", "published:[2022-02-24 to 2022-09-30]",
     "place:Kharkiv", "Kup*", "title:grain", "body:shelling", "NOT a"],
)
def test_valid_syntax_passes(text):
    check_syntax(text)


def test_too_long_query_is_refused():
    with pytest.raises(QueryError, match="too long"):
        check_syntax("a " * 1500)


@pytest.fixture
def engine(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    eng = SearchEngine(tmp_path / "ix")
    yield eng
    eng.close()


def _ids(result):
    return sorted(h.id for h in result.hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kupiansk", ["https://a.example/1"]),
        ("liberate", ["https://a.example/1"]),  # English stemming
        ("Харькове", ["https://c.example/4"]),  # Russian stemming: Харькове ~ Харьков
        ("Куп'янськ", ["https://b.example/3"]),
        ("Куп’янськ", ["https://b.example/3"]),  # typographic apostrophe
        ("title:liberated", ["https://a.example/1"]),
        ('"grain deal"', ["sha1"]),
        ("published:[2022-09-01 to 2022-12-31]", ["https://a.example/1", "https://a.example/2"]),
        ("place:703656", ["https://a.example/1", "https://b.example/3"]),
        ("source:\"wire a\"", ["https://a.example/1", "https://a.example/2"]),
        ("lang:uk", ["https://b.example/3"]),
        ("Kupiansk OR Харькове", ["https://a.example/1", "https://c.example/4"]),
        ("shelling NOT Kharkiv", []),
        ("Kup*", ["https://a.example/1"]),
        ("Kupiansk OR shelling -Kharkiv", ["https://a.example/1"]),  # -word excludes
        ("shelling -Kupiansk", ["https://a.example/2"]),
        ("+Kupiansk shelling", ["https://a.example/1"]),  # +word is required
        ("Kyiv-based", []),  # a hyphen inside a word is no operator
    ],
)
def test_queries_find_what_they_should(engine, query, expected):
    found = _ids(engine.search(SearchRequest(query=query)))
    assert [i[:4] if i.startswith("sha1") else i for i in found] == expected


def test_unknown_entity_gives_a_note_and_no_hits(engine):
    result = engine.search(SearchRequest(query="person:Nobody"))
    assert result.total == 0
    assert result.notes == ["no person 'Nobody' in the index"]


def test_invalid_query_raises_query_error(engine):
    with pytest.raises(QueryError):
        engine.search(SearchRequest(query="(a AND"))
