"""Date sorts put the undated matches last, most relevant first (a rugby line-up came
first for `--sort newest` when no hit had a date); pages join up to the whole order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_article

from indexer.pipeline import index_articles
from search.backends import open_search
from search.request import SearchRequest

DATED = {f"https://d.test/{i}": datetime(2022, 3, 1 + i) for i in range(4)}
# undated: the more often "harbour fees" occur, the more relevant
UNDATED = {f"https://u.test/{n}": n for n in (1, 4, 2, 6, 3)}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    articles = [make_article(f"Dated {url}", "The harbour fees rose. " + "Tide. " * 10,
                             url=url, language="en", published=day)
                for url, day in DATED.items()]
    articles += [make_article(f"Undated {n}", "The harbour fees rose. " * n + "Tide. " * 10,
                              url=url, language="en") for url, n in UNDATED.items()]
    articles.append(make_article("Line-up", "Rugby line-up for Saturday.",
                                 url="https://u.test/rugby", language="en"))
    folder = tmp_path_factory.mktemp("datesort") / "ix"
    assert index_articles(articles, folder, entities=False).added == len(articles)
    return folder


@pytest.fixture(scope="module")
def engine(index_dir):
    eng = open_search(index_dir)
    yield eng
    eng.close()


def _order(engine, query: str, sort: str, per_page: int = 100) -> list[str]:
    ids, page = [], 1
    while True:
        result = engine.search(SearchRequest(query=query, sort=sort, page=page,
                                             per_page=per_page, facets=()))
        ids += [hit.id for hit in result.hits]
        if page * per_page >= result.total:
            return ids
        page += 1


@pytest.mark.parametrize("query", ["harbour", "harbour fees", '"harbour fees"'])
@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("per_page", [1, 3, 100])
def test_undated_last_by_relevance(engine, query, sort, per_page):
    got = _order(engine, query, sort, per_page)
    by_day = sorted(DATED, key=DATED.get, reverse=sort == "newest")
    relevant = [u for u in _order(engine, query, "relevance") if u in UNDATED]
    assert relevant == sorted(UNDATED, key=UNDATED.get, reverse=True)  # the oracle's order
    assert got == by_day + relevant


def test_every_article_newest_puts_undated_last(engine):
    got = _order(engine, "", "newest")
    assert got[:len(DATED)] == sorted(DATED, key=DATED.get, reverse=True)
    assert set(got[len(DATED):]) == {*UNDATED, "https://u.test/rugby"}
