"""The HTML pages: escaping, facets, chips, timeline, pagination and the article page."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from conftest import ARTICLE, XSS

from search.results import Bucket, Histogram
from web.views import bucket_end, marked_body, pages, safe_url

RAW_TAGS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.mark.parametrize("url", ["/?q=library", "/?q=script", "/?q=alert", f"/articles/{XSS}",
                                 "/?q=onerror&sort=newest", "/?source=Demo Wire&sort=newest"])
def test_xss_article_is_escaped(demo, url):
    text = demo.get(url).text
    unmarked = text.replace("<mark>", "").replace("</mark>", "")
    assert "website defaced with &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x " \
           "onerror=alert(1)&gt;" in unmarked
    for tag in RAW_TAGS:
        assert tag not in text
    assert re.findall(r"<script(?![^>]*\bsrc=)", text) == []
    assert re.findall(r"<img\b|<[^>]*\sonerror=", text) == []


def test_no_inline_script_or_style_anywhere(demo):
    for url in ["/", "/?q=Kupiansk", f"/articles/{ARTICLE}", "/nothing", "/?q=(a"]:
        text = demo.get(url).text
        assert re.findall(r"<script(?![^>]*\bsrc=)", text) == []
        assert " style=" not in text and "<style" not in text and " on" + "click=" not in text


def test_search_page_keeps_query_and_shows_hits(demo):
    text = demo.get("/?q=Kupiansk").text
    assert 'value="Kupiansk"' in text and "autofocus" in text
    assert '<label for="q">' in text and 'role="search"' in text
    assert "<mark>Kupiansk</mark>" in text
    assert f'href="/articles/{ARTICLE}"' in text
    # A shared link searches names in every language, as the form does by default.
    assert "<strong>7</strong> articles\n" in text
    # an entity chip adds a filter; every link carries the switch (readable English id, 28.5)
    assert 'href="/?q=Kupiansk&amp;person=oleh-syniehubov&amp;cross_lang=1"' in text


def test_facet_toggle_and_chips(demo):
    text = demo.get("/?q=&place=Kupiansk&place=Kherson").text
    chips = re.findall(r'<a class="chip" href="([^"]+)">.*?</a>', text)
    assert len(chips) == 2
    # removing one keeps the other
    assert html.unescape(chips[0]) == "/?place=Kherson&cross_lang=1"
    # the selected value links to a search without its (differently spelled) parameter
    selected = re.search(r'<a href="([^"]+)" class="selected"><span class="label">Kupiansk',
                         text)
    assert selected and html.unescape(selected.group(1)) == "/?place=Kherson&cross_lang=1"
    assert "Clear all filters" in text


def test_two_sources_union(demo):
    one = demo.get("/api/search?source=Demo Wire").json["total"]
    two = demo.get("/api/search?source=Demo Chronicle").json["total"]
    text = demo.get("/?source=demo wire&source=Demo Chronicle").text
    assert f"<strong>{one + two}</strong> articles" in text


def test_facet_find_fallback_without_js(demo):
    text = demo.get("/?find_place=Kup").text
    section = text[text.index('id="facet-place"'):text.index('id="facet-org"')]
    assert ">Kupiansk</span>" in section and ">Kharkiv</span>" not in section
    assert 'name="find_place" value="Kup"' in section
    none = demo.get("/?find_person=qqqzz").text
    assert "No people contain “qqqzz”." in none


def test_more_link_expands_facets(demo):
    text = demo.get("/?facet_size=2").text
    assert "More places" in text and "facet_size=10" in html.unescape(text)
    assert "Fewer" not in text
    assert "Fewer" in demo.get("/?facet_size=50").text


def test_timeline_bars_link_to_their_dates(demo):
    data = demo.get("/api/search?q=kharkiv").json
    text = demo.get("/?q=kharkiv").text
    bars = re.findall(r'<a class="bar[^"]*" href="([^"]+)" data-since="([^"]+)" '
                      r'data-until="([^"]+)"', text)
    assert len(bars) == len(data["histogram"]["buckets"]) > 1
    href, since, until = bars[0]
    assert html.unescape(href) == f"/?q=kharkiv&since={since}&until={until}&cross_lang=1"
    narrowed = demo.get(html.unescape(href)).text
    assert "Published since:</span> " + since in narrowed


@pytest.mark.parametrize(("start", "interval", "end"), [
    ("2022-09-10", "day", "2022-09-10"), ("2022-09-05", "week", "2022-09-11"),
    ("2024-02-01", "month", "2024-02-29"), ("2022-12-01", "month", "2022-12-31"),
    ("2023-01-01", "year", "2023-12-31")])
def test_bucket_end(start, interval, end):
    assert bucket_end(date.fromisoformat(start), interval) == date.fromisoformat(end)


def test_histogram_of_one_bucket_renders():
    from flask import Flask
    from werkzeug.datastructures import MultiDict

    from web.links import Links
    from web.views import timeline

    app = Flask(__name__)
    app.add_url_rule("/", "pages.search")
    with app.test_request_context("/?q=x"):
        hist = Histogram("day", [Bucket("2022-01-01", "2022-01-01", 0)])
        bars = timeline(hist, Links(MultiDict()))
    # an empty bucket draws no bar; one day is drawn among a week of days
    assert len(bars) == 7 and all(bar.height == 0.0 for bar in bars)
    assert [bar.since for bar in bars][3] == "2022-01-01"


def test_timeline_gaps_are_empty_and_ticks_label_the_axis(demo):
    data = demo.get("/api/search?per_page=1").json["histogram"]
    text = demo.get("/").text
    heights = re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"/>', text)
    counts = [b["count"] for b in data["buckets"]]
    assert len(heights) == len(counts) and 0 in counts  # the demo's span has gaps
    assert all((float(h) == 0) == (c == 0) for h, c in zip(heights, counts, strict=True))
    axis = re.search(r'<p class="axis ticks">(.*?)</p>', text).group(1)
    labels = re.findall(r"<span>([^<]+)</span>", axis)
    assert 2 < len(labels) <= 5 and labels[0] == data["buckets"][0]["start"]
    assert labels[-1] == data["buckets"][-1]["start"] and labels == sorted(labels)


def test_undated_matches_are_counted_without_a_timeline(tmp_path, small_articles):
    from indexer.pipeline import index_articles
    from web import create_app

    index_articles(small_articles, tmp_path / "index", entities=False)
    app = create_app(tmp_path / "index")
    try:
        text = app.test_client().get("/?q=grain").text  # only the undated note matches
        assert "1 undated: no matching article has a publication date" in text
        assert 'class="bar' not in text
        dated = app.test_client().get("/?q=Kharkiv").text
        assert 'class="bar' in dated and "undated" not in dated
    finally:
        app.extensions["newsdex"].close()


@pytest.mark.parametrize("count", [1, 2, 5, 6, 13, 120])
def test_ticks_are_evenly_spaced_and_include_both_ends(count):
    from web.views import Bar, ticks

    bars = [Bar(0, 0, 1, 1, 1, "", f"2022-01-{n:03d}", "", "") for n in range(count)]
    found = ticks(bars)
    assert found[0] == bars[0].since and found[-1] == bars[-1].since
    assert len(found) == min(count, 5) and len(set(found)) == len(found)


@pytest.mark.parametrize(("current", "total", "expected"), [
    (1, 5, [1]), (1, 100, [1, 2, 3, None, 10]), (6, 100, [1, None, 4, 5, 6, 7, 8, None, 10]),
    (10, 100, [1, None, 8, 9, 10])])
def test_pages(current, total, expected):
    assert pages(current, total, 10, 1000) == expected


def test_pagination_marks_current_page(demo):
    text = demo.get("/?per_page=5&page=2").text
    assert 'aria-current="page" aria-label="Page 2, current page"' in text
    assert 'rel="prev"' in text and 'rel="next"' in text
    assert '<ol class="hits" start="6">' in text


@pytest.mark.parametrize("per_page", [5, 10, 100])
def test_a_page_past_the_end_links_to_the_last_page(demo, per_page):
    total = demo.get("/api/search?per_page=1").json["total"]
    last = -(-total // per_page)
    text = demo.get(f"/?per_page={per_page}&page={last + 3}").text
    assert f"is past the last page of {total} articles" in text
    assert html.escape(f"page={last}") in text and f"go to page {last}</a>" in text
    assert "past the last page" not in demo.get(f"/?per_page={per_page}&page={last}").text


def _cross_lang_of_links(text: str) -> set[tuple[str, ...]]:
    from urllib.parse import parse_qs, urlsplit

    hrefs = [html.unescape(h) for h in re.findall(r'href="(/\?[^"]*)"', text)]
    return {tuple(parse_qs(urlsplit(h).query).get("cross_lang", [])) for h in hrefs}


@pytest.mark.parametrize(("query", "on"), [
    ("q=Kupiansk", True), ("q=Kupiansk&cross_lang=1", True),
    ("q=Kupiansk&cross_lang=0&cross_lang=1", True),  # the form, checked
    ("q=Kupiansk&cross_lang=0", False),  # the form, unchecked
    ("q=Kupiansk&per_page=5&cross_lang=0", False)])
def test_names_in_every_language_has_one_default_and_links_keep_it(demo, query, on):
    text = demo.get("/?" + query).text
    checkbox = re.search(r'<input type="checkbox" name="cross_lang" value="1"\s*(checked)?',
                         text)
    assert bool(checkbox.group(1)) == on
    api = demo.get(f"/api/search?q=Kupiansk&cross_lang={int(on)}").json["total"]
    shown = int(re.search(r'<p class="count" role="status"><strong>(\d+)</strong>', text)[1])
    assert shown == api
    # Every link of the page carries the switch: once, as given (absent means on).
    given = re.findall(r"cross_lang=(\d)", query)
    assert _cross_lang_of_links(text) == {tuple(given[-1:] or ["1"])}


def test_the_switch_defaults_differ_only_between_page_and_api(demo):
    assert demo.get("/api/search?q=Kupiansk").json["total"] < demo.get(
        "/api/search?q=Kupiansk&cross_lang=1").json["total"]  # the API's default: off


def test_empty_state_helps(demo):
    text = demo.get("/?q=Kupianks&lang=uk").text
    assert "Did you mean" in text and html.escape("/?lang=uk&q=Kupiansk&cross_lang=1") in text
    assert "Remove language: Українська" in text
    notes = demo.get("/?place=Nowhereville").text
    assert "no place &#39;Nowhereville&#39; in the index" in notes


def test_article_page_marks_entities(demo):
    text = demo.get(f"/articles/{ARTICLE}").text
    assert '<h1>Ukrainian forces enter Kupiansk as Kharkiv counteroffensive advances</h1>' in text
    assert ('<a class="ent ent-person" href="/?person=oleh-syniehubov" '
            'title="person: Oleh Syniehubov">Oleh Syniehubov</a>') in text
    assert 'class="ent ent-place" href="/?place=703656"' in text
    assert 'class="ent ent-date" href="/?date=2022-09-10"' in text
    assert 'class="ent ent-org"' in text
    assert "Related articles" in text and "Demo Desk" in text
    assert f'<a href="{ARTICLE}" rel="noopener noreferrer nofollow">' in text
    assert "articles.jsonl:2" in text and "/work/" not in text


def test_article_ids_with_urls_and_hashes_route(seed, demo_app):
    ids = [h["id"] for h in seed.get("/api/search?per_page=100").json["hits"]]
    assert any(i.startswith("sha1:") for i in ids)
    for article_id in ids:
        assert seed.get(f"/articles/{article_id}").status_code == 200
    with demo_app.test_request_context():
        from flask import url_for

        url = url_for("pages.article", article_id="https://x.invalid/a b?c=1#d")
    assert url == "/articles/https://x.invalid/a%20b%3Fc=1%23d"
    assert demo_app.test_client().get(url).status_code == 404


def test_marked_body_offsets_and_overlaps():
    title, body = "Kyiv news", "Zelensky met Biden in Kyiv.\n\nThen left."
    shift = len(title) + 2
    mentions = [
        {"type": "place", "text": "Kyiv", "start": 0, "end": 4, "id": "1", "name": "Kyiv"},
        {"type": "person", "text": "Zelensky", "start": shift, "end": shift + 8, "id": "z",
         "name": "Volodymyr Zelensky"},
        {"type": "person", "text": "Zelensky met", "start": shift, "end": shift + 12,
         "id": "x", "name": "X"},
        {"type": "place", "text": "Kyiv", "start": shift + 22, "end": shift + 26, "id": "1",
         "name": "Kyiv"},
    ]
    paragraphs = marked_body(title, body, mentions, lambda k, v: f"/?{k}={v}")
    assert len(paragraphs) == 2
    linked = [(p.text, p.href) for p in paragraphs[0] if p.href]
    assert linked == [("Zelensky met", "/?person=x"), ("Kyiv", "/?place=1")]
    assert "".join(p.text for p in paragraphs[0]) == "Zelensky met Biden in Kyiv."
    untitled = marked_body("Zelensky met Biden", body, [dict(mentions[1], start=0, end=8)],
                           lambda k, v: v)
    assert untitled[0][0].href == "z"  # offsets into the body alone (no stored title)


@pytest.mark.parametrize(("url", "safe"), [("https://a.example/x", True), ("http://a", True),
                                           ("javascript:alert(1)", False), ("data:x", False),
                                           (None, False), ("", False)])
def test_safe_url(url, safe):
    assert (safe_url(url) is not None) == safe
