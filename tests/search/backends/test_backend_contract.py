"""The backend contract: what the CLI and the web may rely on from any storage engine,
through the two protocols only (`indexer.backends.index_backend` to write,
`search.backends.open_search` to read). Parametrized by backend: the embedded Whoosh
folder always; an OpenSearch index when $NEWSDEX_TEST_OPENSEARCH names a running node
(`opensearch://host:port`), as the OpenSearch suite starts one."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import replace
from datetime import date

import pytest

from indexer.backends import IndexBackend, index_backend
from indexer.errors import IndexUnavailable
from search.backends import SearchBackend, after_write, open_search
from search.errors import ArticleNotFound, QueryError
from search.request import SearchRequest

BACKENDS = ["whoosh", "opensearch"]


@pytest.fixture(params=BACKENDS)
def address(request, tmp_path) -> str:
    if request.param == "whoosh":
        return str(tmp_path / "index")
    node = os.environ.get("NEWSDEX_TEST_OPENSEARCH")
    if not node:
        pytest.skip("no OpenSearch node: set NEWSDEX_TEST_OPENSEARCH=opensearch://host:port")
    node = re.sub(r"^http(s?)://", r"opensearch\1://", node.rstrip("/"))
    return f"{node}/contract-{uuid.uuid4().hex[:12]}"


def _write(address: str, articles) -> None:
    backend = index_backend(address)
    assert isinstance(backend, IndexBackend)
    with backend.writer(wait=5, commit_every=2) as writer:
        for article in articles:
            status = writer.classify(article)
            if status == "duplicate":
                writer.add_origin(article)
            elif status != "unchanged":
                writer.write(article, new=status == "new")
    after_write(address)


@pytest.fixture
def written(address, small_articles) -> str:
    _write(address, small_articles)
    return address


def test_reading_an_address_without_an_index_says_so(address):
    with pytest.raises(IndexUnavailable):
        open_search(address).search(SearchRequest())
    with pytest.raises(IndexUnavailable):
        index_backend(address).delete(ids=["https://a.example/1"], wait=1)


def test_search_facets_histogram_and_paging(written):
    engine = open_search(written)
    assert isinstance(engine, SearchBackend)
    everything = engine.search(SearchRequest(per_page=2))
    assert everything.total == 5 and len(everything.hits) == 2
    assert engine.search(SearchRequest(per_page=2, page=3)).hits[0].id not in {
        h.id for h in everything.hits}
    kup = engine.search(SearchRequest(query="Kupiansk", cross_lang=True))
    assert {h.url for h in kup.hits} == {"https://a.example/1", "https://b.example/3"}
    places = {v.label: v.count for v in everything.facets["place"]}
    assert places["Kharkiv"] == 3 and places["Kupiansk"] == 2
    assert sum(b.count for b in everything.histogram.buckets) == 4
    assert everything.histogram.undated == 1
    filtered = engine.search(SearchRequest(filters={"place": ["Харків"]}, since=date(2023, 1, 1)))
    assert {h.url for h in filtered.hits} == {"https://b.example/3", "https://c.example/4"}
    assert engine.search(SearchRequest(sort="oldest")).hits[0].url == "https://a.example/1"
    with pytest.raises(QueryError):
        engine.search(SearchRequest(query='"unclosed'))
    engine.close()


def test_article_related_complete_stats_export_resolve(written):
    engine = open_search(written)
    article = engine.article("https://a.example/1")
    assert article.title == "Kupiansk liberated" and article.places
    with pytest.raises(ArticleNotFound):
        engine.article("https://nowhere.example/")
    assert all(h.id != article.id for h in engine.related(article.id, limit=3))
    assert any("Kharkiv" in str(c) for c in engine.complete("Khar"))
    stats = engine.stats()
    assert stats.articles == 5
    exported = list(engine.iter_matches(SearchRequest(query="Kharkiv")))
    assert len(exported) == engine.search(SearchRequest(query="Kharkiv")).total
    assert engine.resolve("place", "Харків") == engine.resolve("place", "Kharkiv") != []
    values = engine.facet_values(SearchRequest(), "source", contains="wire")
    assert values
    engine.close()


def test_replace_unchanged_copies_delete_optimize_check(written, small_articles):
    first = small_articles[0]
    _write(written, [replace(first, body=first.body + " Updated later."),  # a replacement
                     small_articles[1],  # unchanged
                     replace(small_articles[2], url="https://mirror.example/3",
                             origin="mirror.jsonl:1")])  # the same text elsewhere
    engine = open_search(written)
    assert engine.search(SearchRequest(query="updated")).total == 1
    assert engine.stats().articles == 5  # an exact copy is stored once, with its origins
    assert "mirror.jsonl:1" in engine.article(small_articles[2].id).origins
    engine.close()
    backend = index_backend(written)
    assert backend.delete(ids=[first.id], wait=5) == 1
    assert backend.delete(source="Wire B", wait=5) == 1
    assert backend.optimize(wait=5) >= 1
    report = backend.check()
    assert report.ok, report.problems
    assert report.documents == 3
    engine = open_search(written)
    assert engine.search(SearchRequest()).total == 3
    assert engine.search(SearchRequest(query="updated")).total == 0
    engine.close()


def test_complete_follows_deletions(written):
    """A deleted article's names no longer count, and a name only it held no longer
    completes (issue 28.7: the Whoosh table kept them until the next indexing run)."""
    def completed(prefix: str) -> dict[str, int]:
        engine = open_search(written)
        try:
            return {v.value: v.count for _facet, v in engine.complete(prefix)}
        finally:
            engine.close()

    assert completed("Syr") == {"oleksandr-syrskyi": 2}
    assert completed("Zel") == {"volodymyr-zelensky": 1}
    backend = index_backend(written)
    assert backend.delete(ids=["https://a.example/1"], wait=5) == 1
    assert completed("Syr") == {"oleksandr-syrskyi": 1}
    assert completed("Kup") == {"703656": 1}
    assert backend.delete(source="Новости", wait=5) == 1
    assert completed("Zel") == {}
    assert completed("Khar") == {"706483": 2}


def test_no_source_is_a_bucket_and_a_filter(address, small_articles):
    """Articles without a source are counted as "(no source)" and selected with
    source=(none), alone or ORed with named sources (issue 28.7)."""
    from search.request import NO_SOURCE, NO_SOURCE_LABEL

    unsourced = [replace(small_articles[1], url=f"https://x.example/{i}", source=None,
                         body=f"Unsourced story {i} about the Kharkiv tram lines.")
                 for i in range(2)]
    _write(address, [*small_articles, *unsourced])
    engine = open_search(address)
    try:
        sources = {v.value: (v.label, v.count) for v in engine.search(
            SearchRequest()).facets["source"]}
        assert sources[NO_SOURCE] == (NO_SOURCE_LABEL, 2), sources
        alone = engine.search(SearchRequest(filters={"source": [NO_SOURCE]}))
        assert {h.url for h in alone.hits} == {"https://x.example/0", "https://x.example/1"}
        chosen = {v.value: v.selected for v in alone.facets["source"]}
        assert chosen[NO_SOURCE] is True and chosen["wire a"] is False, chosen
        both = engine.search(SearchRequest(filters={"source": [NO_SOURCE, "Wire A"]}))
        assert both.total == 4
        tram = engine.search(SearchRequest(query="tram", filters={"source": ["Wire A"]}))
        assert tram.total == 0 and dict((v.value, v.count) for v in tram.facets["source"])[
            NO_SOURCE] == 2  # a facet's counts ignore its own selection
        found = engine.facet_values(SearchRequest(), "source", contains="no source")
        assert [(v.value, v.count) for v in found] == [(NO_SOURCE, 2)]
        named = engine.search(SearchRequest(query="Kupiansk", cross_lang=True))
        assert NO_SOURCE not in {v.value for v in named.facets["source"]}  # none to count
    finally:
        engine.close()


def test_corpus_merge_gives_a_later_spelling_the_held_id(address):
    """A Ukrainian article indexed first, English and Russian ones in a later run: one
    person id, the one the index held, found by a filter in any spelling (issue 26.3)."""
    from indexer.article import Article
    from indexer.backends import held_entity_ids
    from indexer.pipeline import index_articles

    uk = Article(title="Заява", body="Гордон Браун заявив у понеділок, що переговори "
                 "триватимуть.", url="https://x.example/uk", language="uk")
    index_articles([uk], address)
    en = Article(title="Statement", body="Gordon Brown said on Monday that the talks would "
                 "continue.", url="https://x.example/en", language="en")
    ru = Article(title="Заявление", body="Гордон Браун заявил в понедельник, что переговоры "
                 "продолжатся.", url="https://x.example/ru", language="ru")
    index_articles([en, ru], address)
    with index_backend(address).writer(wait=5) as store:
        assert held_entity_ids(store, "person") == ["hordon-braun"]
    engine = open_search(address)
    for spelling in ("Gordon Brown", "Гордон Браун", "Гордона Брауна"):
        assert engine.resolve("person", spelling) == ["hordon-braun"], spelling
    found = engine.search(SearchRequest(filters={"person": ["Gordon Brown"]}))
    assert found.total == 3
    engine.close()
