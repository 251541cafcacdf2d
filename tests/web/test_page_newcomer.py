"""The search page as a newcomer meets it, in headless Chromium (pytest -m browser): the
timeline (gaps, ticks, one day, undated), the 'names in every language' switch kept by
every link and visible on a phone, its note as a link, and the hint on an empty index.
Screenshots go to tests/artifacts/ (ignored by git).

Needs Debian's Chromium at /usr/bin/chromium (scripts/install-browser.sh); skipped without.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ARTIFACTS, free_port, make_article, open_page

from indexer.pipeline import index_articles
from web import create_app

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser



def _serve_app(index_dir: Path) -> Iterator[str]:
    from werkzeug.serving import make_server

    app = create_app(index_dir)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        app.extensions["newsdex"].close()


@pytest.fixture(scope="module")
def demo_site(demo_index) -> Iterator[str]:
    yield from _serve_app(demo_index)


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory) -> Iterator[str]:
    """Dated harbour stories in March and June 2022 (gaps between), undated ones, and a
    story all of whose matches are undated (tide)."""
    articles = [make_article(f"Harbour report {i}", "The harbour fees rose again.",
                             url=f"https://m.test/{i}", source="Wire", language="en",
                             published=day)
                for i, day in enumerate([datetime(2022, 3, 2), datetime(2022, 3, 20),
                                         datetime(2022, 6, 6), datetime(2022, 6, 8)])]
    articles += [make_article(f"Harbour note {i}", "Harbour notes without a date; the tide.",
                              url=f"https://m.test/u{i}", source="Notes", language="en")
                 for i in range(3)]
    folder = tmp_path_factory.mktemp("mixed") / "ix"
    assert index_articles(articles, folder, entities=False).added == 7
    yield from _serve_app(folder)


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory) -> Iterator[str]:
    """An index made from an empty input: no article at all."""
    folder = tmp_path_factory.mktemp("empty") / "ix"
    index_articles([], folder, entities=False)
    yield from _serve_app(folder)


def _total(page) -> int:
    return int(page.locator(".count strong").inner_text().replace(",", ""))


def _bar_facts(page) -> list[dict]:
    """Each bar of the chart: empty or not, its drawn height and the zone's fill."""
    return page.locator("svg.chart a.bar").evaluate_all("""bars => bars.map(bar => {
        const [zone, drawn] = bar.querySelectorAll('rect');
        return {empty: bar.classList.contains('empty'),
                height: drawn.getBBox().height, width: drawn.getBBox().width,
                zoneFill: getComputedStyle(zone).fill, drawnFill: getComputedStyle(drawn).fill};
    })""")


def test_timeline_with_gaps_has_flat_empty_months_ticks_and_undated(page, mixed_site):
    page.goto(mixed_site + "/?q=harbour")
    expect(page.locator(".timeline h2")).to_have_text("Published per week")
    bars = _bar_facts(page)
    empty = [b for b in bars if b["empty"]]
    full = [b for b in bars if not b["empty"]]
    assert len(full) == 3 and len(empty) >= 10  # three weeks with stories, gaps between
    for bar in empty:  # no grey block: nothing drawn, the zone transparent
        assert bar["height"] == 0 and bar["zoneFill"] in ("rgba(0, 0, 0, 0)", "transparent")
    assert all(b["height"] > 10 for b in full)
    ticks = page.locator(".axis.ticks span").all_inner_texts()
    assert len(ticks) > 2 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in ticks)
    assert ticks == sorted(ticks)
    expect(page.locator(".timeline .undated")).to_have_text("3 undated")
    page.locator(".timeline").screenshot(path=str(ARTIFACTS / "timeline-gaps.png"))


def test_demo_timeline_over_months(page, demo_site):
    page.goto(demo_site + "/")
    expect(page.locator(".timeline h2")).to_have_text("Published per month")
    bars = _bar_facts(page)
    assert sum(b["empty"] for b in bars) >= 5 and all(
        b["height"] == 0 for b in bars if b["empty"])
    assert page.locator(".axis.ticks span").count() == 5
    page.screenshot(path=str(ARTIFACTS / "timeline-months.png"), full_page=False)


def test_one_day_draws_a_week_of_days_not_one_block(page, mixed_site):
    page.goto(mixed_site + "/?q=harbour&since=2022-03-02&until=2022-03-02")
    expect(page.locator(".timeline h2")).to_have_text("Published per day")
    bars = _bar_facts(page)
    assert len(bars) == 7 and sum(not b["empty"] for b in bars) == 1
    chart = page.locator("svg.chart").bounding_box()
    drawn = page.locator("svg.chart a.bar:not(.empty) rect:not(.zone)").bounding_box()
    assert drawn["width"] < chart["width"] / 5  # one bar of seven, not the full width
    ticks = page.locator(".axis.ticks span").all_inner_texts()
    assert len(ticks) == 5 and "2022-03-02" in " ".join(ticks)
    page.locator(".timeline").screenshot(path=str(ARTIFACTS / "timeline-one-day.png"))
    page.goto(mixed_site + "/?q=harbour&since=2022-06-06&until=2022-06-08")  # a few days
    bars = _bar_facts(page)
    assert len(bars) == 7 and sum(not b["empty"] for b in bars) == 2
    page.locator(".timeline").screenshot(path=str(ARTIFACTS / "timeline-few-days.png"))


def test_the_form_and_a_shared_link_have_the_same_switch_default(page, demo_site):
    """`/?q=Kupiansk` (a shared link, no cross_lang) counts what the form counts."""
    page.goto(demo_site + "/")
    switch = page.get_by_label("Names in every language")
    expect(switch).to_be_checked()  # the form's default
    page.locator("#q").fill("Kupiansk")
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(re.compile("q=Kupiansk"))
    from_form = _total(page)
    page.screenshot(path=str(ARTIFACTS / "switch-form.png"), full_page=False)
    page.goto(demo_site + "/?q=Kupiansk")
    expect(page.get_by_label("Names in every language")).to_be_checked()
    assert _total(page) == from_form
    page.screenshot(path=str(ARTIFACTS / "switch-shared-link.png"), full_page=False)
    page.goto(demo_site + "/?q=Kupiansk&cross_lang=0")
    assert _total(page) < from_form  # the switch matters on this query


def test_no_dated_match_says_how_many_are_undated(page, mixed_site):
    page.goto(mixed_site + "/?q=tide")
    assert _total(page) == 3
    assert page.locator("svg.chart").count() == 0
    expect(page.locator(".timeline .undated")).to_contain_text("3 undated")


def _search_links(page) -> list[str]:
    hrefs = page.locator("a[href^='/?']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")  # SVG links too
    return [h for h in hrefs if "/api/" not in h]


def _switch_of(links: list[str]) -> set[tuple[str, ...]]:
    """The cross_lang values each link carries, as a set of tuples."""
    return {tuple(parse_qs(urlsplit(h).query).get("cross_lang", [])) for h in links}


def test_the_switch_is_kept_after_clicking_a_facet_bar_and_page(page, demo_site):
    page.goto(demo_site + "/?q=Kupiansk&per_page=2")  # a shared link without the switch
    switch = page.get_by_label("Names in every language")
    expect(switch).to_be_checked()
    assert _total(page) == 7
    page.locator("#facet-lang .values a").first.click()  # a facet
    page.wait_for_url(re.compile("[?&]lang="))
    expect(switch).to_be_checked()
    page.screenshot(path=str(ARTIFACTS / "switch-after-facet.png"), full_page=False)
    page.locator("#facet-lang .values a.selected").click()  # the facet off again
    page.wait_for_url(lambda url: not re.search("[?&]lang=", url))
    links = _search_links(page)
    kinds = {"bar": "svg.chart a.bar", "pager": ".pagination a", "facet": ".facet .values a"}
    for kind, selector in kinds.items():
        assert page.locator(selector).count(), kind
    assert links and _switch_of(links) == {("1",)}
    page.locator(".pagination a[rel=next]").click()  # the pager
    page.wait_for_url(re.compile("page=2"))
    expect(switch).to_be_checked()
    assert _total(page) == 7
    page.locator("svg.chart a.bar:not(.empty)").first.click()  # a timeline bar
    page.wait_for_url(re.compile("since="))
    expect(switch).to_be_checked()
    switch.uncheck()
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(re.compile("cross_lang=0"))
    assert _switch_of(_search_links(page)) == {("0",)}


def test_the_note_of_a_narrow_search_is_a_link(page, demo_site):
    page.goto(demo_site + "/?q=Kupjansk&cross_lang=0")  # a spelling no article uses
    assert _total(page) == 0
    note = page.locator(".cross-note a")
    expect(note).to_have_text("7 articles match with names in every language")
    note.click()
    page.wait_for_url(re.compile("cross_lang=1"))
    assert _total(page) == 7
    expect(page.get_by_label("Names in every language")).to_be_checked()


def test_phone_width_shows_the_switch(browser, demo_site):
    context, page = open_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(demo_site + "/?q=Kupiansk")
    switch = page.get_by_label("Names in every language")
    expect(switch).to_be_visible()
    expect(switch).to_be_checked()
    label = page.locator("label.crosslang").bounding_box()
    box = page.locator("#q").bounding_box()
    assert label["width"] > 100 and label["y"] >= box["y"] + box["height"] - 1
    assert label["x"] >= 0 and label["x"] + label["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _total(page) == 7
    page.screenshot(path=str(ARTIFACTS / "phone-switch.png"), full_page=False)
    switch.uncheck()
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(re.compile("cross_lang=0"))
    expect(page.get_by_label("Names in every language")).not_to_be_checked()
    assert page.errors == []
    context.close()


def test_empty_index_shows_the_hint_to_index(page, empty_site):
    for path in ("/", "/?q=harbour"):
        page.goto(empty_site + path)
        expect(page.locator("h1")).to_have_text("This index has no articles yet")
        expect(page.locator(".empty-index code").first).to_have_text("newsdex index PATH…")
        assert page.locator("aside.facets").count() == 0
        assert page.locator(".hit").count() == 0
    page.screenshot(path=str(ARTIFACTS / "empty-index.png"), full_page=False)
