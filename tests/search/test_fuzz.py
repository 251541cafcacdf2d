"""Property-based fuzzing of the query language and every API parameter: no traceback, no 5xx."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.errors import QueryError

FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SYNTAX = ['"', "(", ")", "[", "]", "{", "}", " AND ", " OR ", " NOT ", "*", "?", ":", "~", "^",
          "person:", "place:", "published:", "title:", " to ", "-", "+", "\\", "'", "’"]
WORDS = ["Kupiansk", "Купянск", "Куп'янськ", "Харкові", "grain", "2022-09-10", "Syrskyi",
         "a", "", " "]
query_text = st.lists(st.one_of(st.sampled_from(SYNTAX), st.sampled_from(WORDS), st.text(
    max_size=6)), max_size=12).map("".join)


@pytest.fixture(scope="module")
def engine(seed_index):
    eng = SearchEngine(seed_index)
    yield eng
    eng.close()


@FUZZ
@given(text=query_text)
def test_query_language_never_crashes(engine, text):
    try:
        result = engine.search(SearchRequest(query=text, cross_lang=True))
    except QueryError as exc:
        assert str(exc)
    else:
        assert result.total >= 0


@FUZZ
@given(text=st.text(max_size=60))
def test_arbitrary_unicode_queries(engine, text):
    with contextlib.suppress(QueryError):
        engine.search(SearchRequest(query=text))


PARAMS = ["q", "person", "place", "org", "source", "lang", "date", "since", "until", "sort",
          "page", "per_page", "facet_size", "match", "cross_lang", "contains", "limit"]
values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "1e309", "NaN", "2022-02-30", "9999-99-99", "relevance",
                     "\x00", "\u202e", "%", "../../etc/passwd", "<script>", "a" * 5000]),
)
param_lists = st.lists(st.tuples(st.sampled_from(PARAMS), values), max_size=6)


@pytest.fixture(scope="module")
def client(seed_app):
    return seed_app.test_client()


@FUZZ
@given(params=param_lists,
       path=st.sampled_from(["/api/search", "/", "/api/facets/place", "/api/export.jsonl"]))
def test_api_parameters_never_5xx(client, params, path):
    response = client.get(path, query_string=params)
    assert response.status_code < 500, (path, params, response.data[:300])
    if path.startswith("/api") and response.status_code == 400:
        assert "error" in response.get_json()


@FUZZ
@given(article_id=st.text(max_size=40))
def test_article_ids_never_5xx(client, article_id):
    response = client.get("/api/articles/" + article_id.replace("\x00", ""))
    assert response.status_code in (200, 308, 404, 405), response.status_code
