"""The OpenSearch reader against the Whoosh one as the oracle: the demo corpus written by
each backend's own writer, then the same requests to both. Totals, every facet's counts,
the timeline, export, articles, completion and statistics must agree; ranking may differ
(Lucene's BM25 per shard vs newsdex's BM25F), so hits are compared as sets where a whole
result fits on the page. Needs a real node ($NEWSDEX_TEST_OPENSEARCH, as `make test` sets)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date

import pytest
from conftest import DEMO
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.errors import IndexUnavailable
from search.backends import open_search
from search.errors import ArticleNotFound, QueryError
from search.request import SearchRequest

FACETS = ("person", "place", "org", "source", "lang", "date")


@pytest.fixture(scope="module")
def pair(demo_index, opensearch_url):
    """(Whoosh engine, OpenSearch engine) over the demo corpus, each written by its writer."""
    from indexer.pipeline import index_paths

    address = f"{opensearch_url}/parity-{uuid.uuid4().hex[:10]}"
    report = index_paths([str(DEMO)], address)
    assert report.added == 37 and not report.skipped, report
    whoosh, remote = open_search(demo_index), open_search(address)
    yield whoosh, remote
    whoosh.close()
    remote.conn.client.indices.delete(index=remote.address.index)
    remote.close()


def _counts(result) -> dict:
    return {name: {v.value: v.count for v in values if v.count}
            for name, values in result.facets.items()}


def _bars(result):
    h = result.histogram
    return None if h is None else (h.interval, [(b.key, b.count) for b in h.buckets], h.undated)


def assert_same(pair, request: SearchRequest) -> None:
    whoosh, remote = pair
    try:
        left = whoosh.search(request)
    except QueryError:
        with pytest.raises(QueryError):
            remote.search(request)
        return
    right = remote.search(request)
    assert right.total == left.total, request
    assert _counts(right) == _counts(left), request
    assert _bars(right) == _bars(left), request
    if left.total <= request.per_page:
        assert {h.id for h in right.hits} == {h.id for h in left.hits}, request


QUERIES = [
    "", "Kupiansk", "Куп'янськ", "Харків", "Харкові", "Киев", '"Збройних сил"', "ukrain*",
    "title:Kupiansk", "body:Харків", "Zelensky OR Зеленський", "Kharkiv -Kupiansk",
    "Kharkiv NOT shelling", "published:2022", "published:2022-09", "date:2022",
    "published:[2022-01-01 TO 2022-06-30]", "lang:uk", "place:Kupiansk", "person:Сирський",
    "source:Вісник",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("cross_lang", [False, True])
def test_same_totals_facets_and_timeline(pair, query, cross_lang):
    assert_same(pair, SearchRequest(query=query, cross_lang=cross_lang, facets=FACETS,
                                    facet_size=1000, per_page=40))


@pytest.mark.parametrize("filters", [{"place": ["Харків"]}, {"lang": ["ru", "uk"]},
                                     {"person": ["Syrskyi"], "place": ["Kupiansk"]},
                                     {"source": ["nobody"]}])
def test_filters_since_until_and_sorts(pair, filters):
    for sort in ("relevance", "newest", "oldest", "recent"):
        assert_same(pair, SearchRequest(filters=filters, sort=sort, facets=FACETS,
                                        since=date(2022, 3, 1), until=date(2023, 12, 31),
                                        per_page=40))


WORDS = st.sampled_from(["Kupiansk", "Kharkiv", "Харків", "Куп'янськ", "forces", "war",
                         "Україна", "Киев", "army", "city", "ukr*", "Zelensky", "zzzz"])


@st.composite
def queries(draw) -> str:
    parts = draw(st.lists(WORDS, min_size=1, max_size=4))
    text = parts[0]
    for word in parts[1:]:
        joiner = draw(st.sampled_from([" ", " OR ", " AND ", " NOT ", " -"]))
        text += joiner + word
    if draw(st.booleans()) and len(parts) > 1 and "*" not in text:
        text = f'"{" ".join(parts[:2])}"'
    return text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries(), cross_lang=st.booleans(), match=st.sampled_from(["all", "any"]))
def test_generated_queries_agree(pair, query, cross_lang, match):
    assert_same(pair, SearchRequest(query=query, cross_lang=cross_lang, match=match,
                                    facets=FACETS, facet_size=1000, per_page=40))


TEXTS = [re.findall(r"\w+", json.loads(line)["body"])
         for line in (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


@st.composite
def near_phrases(draw) -> str:
    """Two words of a demo article 1-4 apart, as a phrase with or without a slop: whether
    the backends agree on positions and slop."""
    words = draw(st.sampled_from([t for t in TEXTS if len(t) > 8]))
    at = draw(st.integers(0, len(words) - 6))
    gap = draw(st.integers(1, 4))
    slop = draw(st.sampled_from(["", "~2", "~3", "~5"]))
    return f'"{words[at]} {words[at + gap]}"{slop}'


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=near_phrases())
@example(query='"Києві Харкові"~3')  # the Whoosh engine once dropped the slop (bm25f)
def test_generated_phrases_agree(pair, query):
    assert_same(pair, SearchRequest(query=query, facets=("lang",), per_page=40))


def test_export_pages_through_every_match(pair):
    whoosh, remote = pair
    remote.export_page = 4  # many point-in-time pages over 37 articles
    for request in (SearchRequest(), SearchRequest(query="Харків", cross_lang=True),
                    SearchRequest(sort="oldest")):
        mine = [h.id for h in remote.iter_matches(request)]
        assert len(mine) == len(set(mine))
        assert set(mine) == {h.id for h in whoosh.iter_matches(request)}
    oldest = [h.published for h in remote.iter_matches(SearchRequest(sort="oldest"))]
    dated = [p for p in oldest if p]
    assert dated == sorted(dated) and oldest[:len(dated)] == dated  # undated last


def test_articles_stats_and_completion_agree(pair):
    whoosh, remote = pair
    some = whoosh.search(SearchRequest(per_page=5)).hits
    for hit in some:
        a, b = whoosh.article(hit.id), remote.article(hit.id)
        assert (b.title, b.body, b.people, b.places, b.orgs, b.dates, b.origins) == (
            a.title, a.body, a.people, a.places, a.orgs, a.dates, a.origins)
    left, right = whoosh.stats(), remote.stats()
    assert (right.articles, right.stories, right.inputs, right.undated) == (
        left.articles, left.stories, left.inputs, left.undated)
    assert (right.first_published, right.last_published) == (
        left.first_published, left.last_published)
    for name in ("person", "place", "org"):
        assert {v.value: v.count for v in right.top[name]} == {
            v.value: v.count for v in left.top[name]} or len(right.top[name]) == 10
    for prefix in ("Куп", "Kha", "Сир", "zel"):
        assert {(f, v.value, v.count) for f, v in remote.complete(prefix)} == {
            (f, v.value, v.count) for f, v in whoosh.complete(prefix)}


def test_related_and_errors(pair):
    _whoosh, remote = pair
    first = remote.search(SearchRequest(query="Kupiansk", per_page=1)).hits[0]
    related = remote.related(first.id)
    assert related and first.id not in {h.id for h in related}
    with pytest.raises(ArticleNotFound):
        remote.article("https://nowhere.example/none")
    with pytest.raises(ArticleNotFound):
        remote.related("https://nowhere.example/none")
    with pytest.raises(QueryError):
        remote.search(SearchRequest(query='"unclosed'))


def test_missing_index_and_silent_cluster_are_unavailable(opensearch_url):
    with pytest.raises(IndexUnavailable, match="no index"):
        open_search(f"{opensearch_url}/absent-{uuid.uuid4().hex[:8]}").search(SearchRequest())
    with pytest.raises(IndexUnavailable) as error:
        open_search("opensearch://newsdex:s3cret-pw@127.0.0.1:9/news").search(SearchRequest())
    assert "s3cret-pw" not in str(error.value)
