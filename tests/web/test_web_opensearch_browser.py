"""The search page over an OpenSearch index, in a real browser against a real `newsdex serve`
process and a real node: the same page, facets and timeline as over the embedded index.
Screenshot: tests/artifacts/opensearch-serve.png."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from conftest import ARTIFACTS, DEMO, ROOT, free_port

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def served(opensearch_url):
    """`newsdex serve --index opensearch://...` over the demo corpus; yields its URL."""
    from indexer.pipeline import index_paths
    from search.backends import open_search

    address = f"{opensearch_url}/serve-{uuid.uuid4().hex[:10]}"
    assert index_paths([str(DEMO)], address).added == 37
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-c", "from search.cli import main; main()",
                               "serve", "--index", address,
                               "--port", str(port), "--workers", "2"], env=env,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/api/openapi.json", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(20)
        engine = open_search(address)
        engine.conn.client.indices.delete(index=engine.address.index)
        engine.close()


def test_page_over_opensearch_shows_facets_and_timeline(served, page):
    page.goto(served + "/?q=Kupiansk&cross_lang=1")
    assert int(page.locator(".count strong").inner_text()) == 7
    expect(page.locator("#facet-place .values a").first).to_be_visible()
    assert page.locator(".chart .bar").count() > 1
    page.screenshot(path=str(ARTIFACTS / "opensearch-serve.png"), full_page=True)
    page.locator("#facet-place .values a").filter(has_text="Lyman").first.click()
    page.wait_for_url(re.compile(r"place="))
    assert page.locator(".chip").filter(has_text="Lyman").count() == 1
    assert int(page.locator(".count strong").inner_text()) == 2
    page.screenshot(path=str(ARTIFACTS / "opensearch-serve-facet.png"), full_page=True)
