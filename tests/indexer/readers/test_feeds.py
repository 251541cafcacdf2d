"""Feeds: every real feed yields its entries (counted from the file) or a reason; no crash."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SHARED_DATA

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers import read_inputs

FEED_DIRS = (SHARED_DATA / "feeds-feedjira" / "sample_feeds",
             SHARED_DATA / "html-trafilatura" / "feeds")
FEEDS = sorted(p for d in FEED_DIRS if d.exists() for p in d.iterdir() if p.suffix in (
    ".xml", ".rss", ".atom", ".rdf", ".json"))


def _entries_in_file(path: Path) -> int:
    """The number of entries, counted from the raw file (not by the reader under test)."""
    data = path.read_bytes()
    if path.suffix == ".json":
        return len(json.loads(data).get("items", []))
    return len(re.findall(rb"<(?:\w+:)?(?:item|entry)[\s>]", data))


@pytest.mark.skipif(not FEEDS, reason="../shared/data feeds are absent")
@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_feed_yields_its_entries_or_a_reason(path):
    items = list(read_inputs([str(path)]))
    expected = _entries_in_file(path)
    if expected:
        assert len(items) == expected, [str(i) for i in items if isinstance(i, Skipped)]
        articles = [i for i in items if isinstance(i, Article)]
        assert articles or all("no text" in i.reason for i in items)
        for article in articles:
            assert article.body.strip() and article.origin.startswith(str(path) + "#")
        for skipped in (i for i in items if isinstance(i, Skipped)):
            assert "#" in skipped.origin and skipped.reason  # names the entry and says why
    else:  # a sitemap or a saved entry fragment: one article or one reasoned Skipped
        assert len(items) == 1
        assert isinstance(items[0], Article) or items[0].reason


def test_feed_entries_carry_links_dates_authors_and_source():
    path = SHARED_DATA / "feeds-feedjira" / "sample_feeds" / "TechCrunch.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    articles = [i for i in read_inputs([str(path)]) if isinstance(i, Article)]
    assert len(articles) == 20
    first = articles[0]
    assert first.url.startswith("http") and first.published is not None
    assert first.source == "TechCrunch" and first.authors
    assert "<" not in first.body  # HTML stripped


RSS = """
<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Вісті</title><language>uk</language>
<item><title>Перша</title><link>https://visti.example/1?utm_source=rss</link>
<pubDate>Sat, 10 Sep 2022 12:00:00 +0300</pubDate>
<description>&lt;p&gt;Короткий опис першої новини.&lt;/p&gt;</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[
<p>Повний текст першої новини про Куп'янськ.</p><p>Другий абзац.</p>]]></content:encoded>
</item>
<item><title>Друга без тексту</title><link>https://visti.example/2</link></item>
</channel></rss>"""


def test_rss_with_leading_newline_and_legacy_encoding(tmp_path):
    path = tmp_path / "visti.rss"
    path.write_bytes(RSS.encode("cp1251"))
    first, second = read_inputs([str(path)])
    assert isinstance(first, Article) and first.source == "Вісті" and first.language == "uk"
    assert first.body == "Повний текст першої новини про Куп'янськ.\n\nДругий абзац."
    assert first.id == "https://visti.example/1"
    assert first.published.isoformat() == "2022-09-10T09:00:00"
    assert isinstance(second, Skipped) and second.origin.endswith("#entry2")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>", "no feed entries"),
        (b"<?xml version='1.0'?><catalog><book>1</book></catalog>", "not a news feed"),
        (b"<?xml version='1.0'?><urlset><url><loc>https://a.example/</loc></url></urlset>",
         "sitemap"),
        (b"<rss><channel><item><title>Broken", "no text"),
    ],
)
def test_non_feeds_and_broken_feeds_are_reported(tmp_path, data, reason):
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Skipped) and reason in items[0].reason, items


def test_json_feed_is_sniffed_and_plain_json_still_records(tmp_path):
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
            "items": [{"id": "1", "url": "https://wire.example/1", "title": "One",
                       "content_text": "Body of one.", "date_published": "2022-09-10T12:00:00Z",
                       "authors": [{"name": "A. Writer"}]}]}
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    (tmp_path / "records.json").write_text(json.dumps([{"title": "R", "body": "Record body."}]))
    items = list(read_inputs([str(tmp_path)]))
    assert [i.title for i in items] == ["One", "R"]
    assert items[0].source == "Wire" and items[0].authors == ["A. Writer"]


def test_url_inputs_are_reported_not_crashed():
    (item,) = read_inputs(["https://feeds.example.invalid/rss"])
    assert isinstance(item, Skipped) and item.origin == "https://feeds.example.invalid/rss"
    assert "cannot fetch" in item.reason
