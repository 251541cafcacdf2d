"""End-to-end: the search and article pages in headless Chromium (pytest -m browser).

Needs Debian's Chromium at /usr/bin/chromium (scripts/install-browser.sh); skipped without.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTIFACTS, XSS

from web import create_app

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser



def _serve(index_dir: Path) -> Iterator[str]:
    """Serve the app over `index_dir` on a free local port; yields its base URL."""
    from werkzeug.serving import make_server

    app = create_app(index_dir)
    server = make_server("127.0.0.1", 0, app, threaded=True)
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
def seed_url(seed_index) -> Iterator[str]:
    yield from _serve(seed_index)


@pytest.fixture(scope="module")
def demo_url(demo_index) -> Iterator[str]:
    yield from _serve(demo_index)


def _total(page) -> int:
    return int(page.locator(".count strong").inner_text().replace(",", ""))


def facet_link(page, facet: str, label: str):
    """The link of one value in a facet of the sidebar."""
    return page.locator(f"#facet-{facet} .values a").filter(
        has=page.locator(".label", has_text=re.compile(f"^{re.escape(label)}$")))


def test_kupiansk_in_every_spelling(page, seed_url):
    page.goto(seed_url + "/")
    box = page.get_by_label("Search news")
    assert box.evaluate("el => el === document.activeElement")  # autofocus
    box.fill("Kupiansk")
    assert page.get_by_label(re.compile("Names in every language")).is_checked()
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=Kupiansk"))
    assert page.locator(".hit").count() == 3  # the name in every language: en, uk, ru
    assert page.locator(".hit mark").first.inner_text() == "Kupiansk"
    facet_link(page, "place", "Kupiansk").click()
    page.wait_for_url(re.compile(r"place=703656"))
    assert page.locator(".chip").filter(has_text="Kupiansk").count() == 1
    assert _total(page) == 3
    titles = page.locator(".hit h2").all_inner_texts()
    assert any("Kupiansk" in t for t in titles)
    assert any("Куп'янськ" in t for t in titles) and any("Купянск" in t for t in titles)


def test_sources_or_and_chips(page, demo_url):
    page.goto(demo_url + "/")
    assert page.locator("svg.chart a.bar").count() > 10  # the timeline renders
    facet_link(page, "source", "Demo Wire").click()
    page.wait_for_url(re.compile("source="))
    wire = _total(page)
    facet_link(page, "source", "Demo Chronicle").click()
    expect(page.locator(".chip")).to_have_count(2)
    both = _total(page)
    assert wire == 9 and both == 13
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    page.locator(".chip").filter(has_text="Demo Wire").click()
    expect(page.locator(".chip")).to_have_count(1)
    assert _total(page) == 4


def test_facet_find_as_you_type(page, demo_url):
    page.goto(demo_url + "/")
    page.get_by_label("Find places").fill("Kup")
    place_values = page.locator("#facet-place .values a .label")
    expect(place_values).to_have_text(["Kupiansk"])  # fetched from /api/facets/place
    place_values.first.click()
    page.wait_for_url(re.compile("place=703656"))
    assert _total(page) == 7


def test_facet_find_keys_and_slash_shortcut(page, demo_url):
    page.goto(demo_url + "/")
    find = page.get_by_label("Find places")
    find.fill("Kup")
    expect(page.locator("#facet-place .values a .label")).to_have_text(["Kupiansk"])
    find.press("ArrowDown")  # into the values
    expect(page.locator("#facet-place .values a").first).to_be_focused()
    page.keyboard.press("ArrowUp")  # back to the box
    expect(find).to_be_focused()
    find.press("Enter")  # the first value
    page.wait_for_url(re.compile("place=703656"))
    assert _total(page) == 7
    page.locator("#q").evaluate("box => box.blur()")  # it has autofocus
    expect(page.locator("#q")).not_to_be_focused()
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()


def test_the_switch_is_kept_by_links_and_the_form(page, demo_url):
    page.goto(demo_url + "/?q=Kupiansk")  # a shared link without the parameter
    switch = page.get_by_label("Names in every language")
    expect(switch).to_be_checked()
    wide = _total(page)
    page.locator("#facet-lang .values a").first.click()  # a facet link
    page.wait_for_url(re.compile("lang="))
    expect(switch).to_be_checked()
    switch.uncheck()
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(re.compile("cross_lang=0"))
    expect(switch).not_to_be_checked()
    page.goto(demo_url + "/?q=Kupiansk&cross_lang=0")
    assert _total(page) < wide
    page.locator("#facet-source .values a").first.click()
    page.wait_for_url(re.compile("source="))
    expect(page.get_by_label("Names in every language")).not_to_be_checked()


def test_article_person_link_filters(page, demo_url):
    page.goto(demo_url + "/?q=Kupiansk")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile("/articles/https://"))
    person = page.locator(".body a.ent-person").first
    name = person.get_attribute("title").split(": ", 1)[1]
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)
    person.click()
    page.wait_for_url(re.compile(r"\?person="))
    person_id = re.search(r"person=([^&]+)", page.url).group(1)
    assert page.locator(".chip").filter(has_text=name).count() == 1
    assert _total(page) >= 1
    data = page.request.get(f"{demo_url}/api/search?person={person_id}").json()
    assert data["total"] == _total(page)
    for hit in data["hits"]:  # every hit mentions that person, in whatever spelling
        assert person_id in {p["id"] for p in hit["people"]}


def test_timeline_bar_narrows_dates(page, demo_url):
    page.goto(demo_url + "/?q=kharkiv")
    bars = page.locator("svg.chart a.bar:not(.empty)")
    assert bars.count() >= 2
    since = bars.first.get_attribute("data-since")
    bars.first.click()
    page.wait_for_url(re.compile(f"since={since}"))
    assert page.locator(".chip").filter(has_text="Published since").count() == 1


def test_xss_article_fires_nothing(page, demo_url):
    for url in [f"/articles/{XSS}", "/?q=library", "/?q=onerror"]:
        page.goto(demo_url + url)
        assert "<script>alert(1)</script>" in page.locator("body").inner_text()
        assert page.locator("img").count() == 0
    # page fixture asserts: no dialog, no console (e.g. CSP) error, no page error


def test_phone_width_puts_filters_under_results(browser, demo_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(demo_url + "/?q=kharkiv")
    results = page.locator("main").bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    assert facets["y"] >= results["y"] + results["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    switch = page.get_by_label("Names in every language")
    expect(switch).to_be_visible()  # the search box's CSS hid it under 760 px
    expect(switch).to_be_checked()
    box = page.locator("label.crosslang").bounding_box()
    assert box["width"] > 100 and box["height"] > 10
    page.screenshot(path=str(ARTIFACTS / "search-phone.png"), full_page=True)
    context.close()
