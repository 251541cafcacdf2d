"""The page's counts beside `newsdex stats` (issue 28.7): a browse says how many later
copies of re-published stories it counted with their first copy, so that its count and
stats' articles are explained by one another."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import OTHER_TEXT, STORY_TEXT, make_article

from indexer.pipeline import index_articles
from search.backends import open_search
from search.format import stats_view
from web import create_app

STORY, OTHER = STORY_TEXT, OTHER_TEXT


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """Two stories of Wire A, a re-published copy of the first by Wire B and by Wire C,
    and one article without a source."""
    articles = [
        make_article("Power back in Kharkiv", STORY, url="https://a.example/1",
                     source="Wire A", language="en"),
        make_article("Budget", OTHER, url="https://a.example/2", source="Wire A", language="en"),
        make_article("Kharkiv lights return", STORY + "\n\nRead more at Wire B.",
                     url="https://b.example/1", source="Wire B", language="en"),
        make_article("Kharkiv has power", STORY + "\n\nFollow Wire C on Telegram.",
                     url="https://c.example/1", source="Wire C", language="en"),
        make_article("A note", "A short note about the harbour fees, source unknown.",
                     url="https://n.example/1", language="en"),
    ]
    folder = tmp_path_factory.mktemp("counts") / "index"
    report = index_articles(articles, folder, entities=False)
    assert (report.added, report.near_duplicates) == (5, 2), report
    return folder


@pytest.fixture(scope="module")
def client(index_dir):
    app = create_app(index_dir)
    yield app.test_client()
    app.extensions["newsdex"].close()


def _count_line(html: str) -> str:
    found = re.search(r'<p class="count".*?</p>', html, re.S)
    assert found, html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(0))).strip()


def test_a_browse_names_the_folded_copies_as_stats_does(client, index_dir):
    engine = open_search(index_dir)
    try:
        stats = engine.stats()
    finally:
        engine.close()
    assert (stats.articles, stats.stories) == (5, 3)
    assert "3 stories: 2 articles are a later copy" in stats_view(stats)
    line = _count_line(client.get("/").get_data(as_text=True))
    assert line.startswith("3 articles"), line
    assert "2 more are later copies of re-published stories" in line, line
    assert "(5 stored, as newsdex stats counts)" in line, line
    one = _count_line(client.get("/?source=Wire B").get_data(as_text=True))
    assert one.startswith("0 articles") and "1 more is a later copy" in one, one


def test_filters_count_their_own_copies_and_words_ask_nothing_more(client):
    line = _count_line(client.get("/?source=wire a").get_data(as_text=True))
    assert line.startswith("2 articles") and "later cop" not in line, line  # none of Wire A's
    line = _count_line(client.get("/?q=substation").get_data(as_text=True))
    assert line.startswith("1 article") and "later cop" not in line, line


def test_the_source_facet_has_a_no_source_bucket_to_select(client):
    """Articles without a source are a value of the source facet, selectable (issue 28.7)."""
    html = client.get("/").get_data(as_text=True)
    found = re.search(r'<a href="([^"]+)" class="[^"]*"><span class="label">\(no source\)'
                      r'</span> <span class="n">(\d+)</span>', html)
    assert found and found.group(2) == "1", html
    href = found.group(1).replace("&amp;", "&")
    assert "source=%28none%29" in href, href
    page = client.get(href).get_data(as_text=True)
    assert _count_line(page).startswith("1 article"), _count_line(page)
    assert "A note" in page and "Budget" not in page
    assert re.search(r'class="chip"[^>]*><span class="kind">Source:</span> \(no source\)',
                     page), page
    data = client.get("/api/search?source=(none)").get_json()
    assert data["total"] == 1 and data["hits"][0]["source"] is None, data
    assert any(v["value"] == "(none)" and v["selected"] for v in data["facets"]["source"])
    find = client.get("/api/facets/source?contains=no").get_json()["values"]
    assert [(v["value"], v["count"]) for v in find] == [("(none)", 1)], find
