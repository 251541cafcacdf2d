"""Completion in the page's main search box (issue 28.4), in headless Chromium against a real
`newsdex serve` process over a real index (the seed article and the uk/ru samples, real
entity models): an ARIA combobox fed by /api/complete, kinds and article counts shown, the
keyboard (arrows, Enter, Escape) and the mouse; a chosen name becomes a filter and every
other parameter of the page is kept. Screenshots: tests/artifacts/complete-search-box*.png.

Needs Debian's Chromium at /usr/bin/chromium (scripts/install-browser.sh); skipped without.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ARTIFACTS, ROOT, free_port, open_page

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

NEWSDEX = str(Path(sys.executable).parent / "newsdex")  # the installed command
KUPIANSK = "703656"  # GeoNames


@pytest.fixture(scope="module")
def site(seed_index, tmp_path_factory) -> Iterator[str]:
    """`newsdex serve --workers 1` over the seed index on a free port; yields its URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve-complete") / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [NEWSDEX, "serve", "--index", str(seed_index), "--port", str(port),
             "--workers", "1", "--threads", "4"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            deadline = time.monotonic() + 90
            while True:
                assert proc.poll() is None, log.read_text()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    conn.request("GET", "/api/complete?prefix=Kup")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                finally:
                    conn.close()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def _total(page) -> int:
    return int(page.locator(".count strong").inner_text().replace(",", ""))


def _options(page):
    return page.locator("#q-suggestions [role=option]")


@pytest.mark.parametrize(("typed", "kind", "label", "facet", "value"), [
    ("Kup", "Place", "Kupiansk", "place", KUPIANSK),
    ("Куп", "Place", "Kupiansk", "place", KUPIANSK),
    ("Сирськ", "Person", "Oleksandr Syrskyi", "person", "oleksandr-syrskyi"),
])
def test_arrow_and_enter_apply_the_name_as_a_filter_keeping_the_rest(page, site, typed, kind,
                                                                      label, facet, value):
    page.goto(site + "/?cross_lang=0&sort=newest&per_page=5")
    box = page.locator("#q")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially(typed, delay=40)
    first = _options(page).first
    expect(first.locator(".label")).to_have_text(label)  # most articles first
    expect(first.locator(".kind")).to_have_text(kind)
    expect(first.locator(".n")).to_have_text("3 articles")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#q-suggestions")).to_be_visible()
    assert first.bounding_box()["height"] < 48  # one readable line: kind, name, count
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url(re.compile(f"{facet}={value}"))
    params = _params(page)
    assert params[facet] == [value] and "q" not in params, params  # the word became a filter
    assert params["cross_lang"] == ["0"] and params["sort"] == ["newest"], params
    assert params["per_page"] == ["5"], params
    expect(page.get_by_label("Names in every language")).not_to_be_checked()
    assert page.locator(".chip").filter(has_text=label).count() == 1
    assert _total(page) == 3


def test_mouse_choice_keeps_the_other_words_filters_and_switch(page, site):
    page.goto(site + "/?lang=uk")  # a filter already chosen; the switch on by default
    box = page.locator("#q")
    box.press_sequentially("Лиман Куп", delay=40)
    option = _options(page).filter(has_text="Kupiansk")
    expect(option).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "complete-search-box.png"))
    option.hover()
    expect(option).to_have_attribute("aria-selected", "true")
    option.click()
    page.wait_for_url(re.compile(f"place={KUPIANSK}"))
    params = _params(page)
    assert params["q"] == ["Лиман"] and params["lang"] == ["uk"], params
    assert params["cross_lang"] == ["1"], params
    expect(page.get_by_label("Names in every language")).to_be_checked()
    expect(page.locator("#q")).to_have_value("Лиман")


def test_escape_closes_and_enter_without_a_choice_searches_the_text(page, site):
    page.goto(site + "/")
    box = page.locator("#q")
    box.press_sequentially("kup", delay=40)
    expect(_options(page).first).to_be_visible()
    box.press("ArrowDown")
    box.press("ArrowUp")  # back to the box: nothing chosen
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))
    box.press("Escape")
    expect(page.locator("#q-suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("kup")  # Escape did not clear the field
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=kup"))
    assert "place" not in _params(page)


def test_field_prefix_and_non_names_ask_nothing(page, site):
    page.goto(site + "/")
    box = page.locator("#q")
    box.press_sequentially("person:Syr", delay=40)
    expect(_options(page).first.locator(".label")).to_have_text("Oleksandr Syrskyi")
    assert set(_options(page).locator(".kind").all_text_contents()) == {"Person"}
    box.fill("")
    box.press_sequentially("published:2022", delay=40)  # a field value: no name to complete
    page.wait_for_timeout(400)
    expect(page.locator("#q-suggestions")).to_be_hidden()


def test_phone_width(browser, site):
    context, page = open_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(site + "/")
    box = page.locator("#q")
    box.press_sequentially("Куп", delay=40)
    listbox = page.locator("#q-suggestions")
    expect(_options(page).first.locator(".label")).to_have_text("Kupiansk")
    shape = listbox.bounding_box()
    field = box.bounding_box()
    assert shape["x"] >= 0 and shape["x"] + shape["width"] <= 390, shape
    assert shape["y"] >= field["y"] + field["height"] - 1, (shape, field)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _options(page).first.bounding_box()["height"] < 48  # kind, name, count: one line
    page.screenshot(path=str(ARTIFACTS / "complete-search-box-phone.png"))
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(f"place={KUPIANSK}"))
    assert _total(page) == 3
    assert page.errors == []
    context.close()


def test_the_article_page_box_completes_too(page, site):
    page.goto(site + "/")
    expect(page.locator("#q")).to_be_focused()  # autofocus survives the combobox
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile("/articles/"))
    box = page.locator("#q")
    box.press_sequentially("Kup", delay=40)
    expect(_options(page).first.locator(".label")).to_have_text("Kupiansk")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/\?.*place={KUPIANSK}"))
    assert _total(page) == 3
