"""Indexing runs: stable ids on re-runs, bad inputs reported, commits, delete, parallel."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from click.testing import CliRunner
from conftest import shared
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.article import Article
from indexer.backends.whoosh.writer import ArticleWriter, open_index
from indexer.pipeline import index_articles, index_paths
from search.cli import cli

PAGE = ("<!DOCTYPE html><html lang='en'><head><title>{t} | Wire</title>"
        "<link rel='canonical' href='https://wire.example/{slug}'></head><body>"
        "<nav>Home World Sport</nav><article><h1>{t}</h1>"
        "<p>{t}: officials said on Tuesday that the work would continue through the week "
        "and that residents should expect delays on the main roads into the city.</p>"
        "<p>A spokesman added that further details would be published on Friday.</p>"
        "</article></body></html>")
FEED = ("\n<?xml version='1.0'?><rss version='2.0'><channel><title>Wire feed</title>"
        "<item><title>Bridge reopens</title><link>https://wire.example/bridge</link>"
        "<pubDate>Tue, 06 Sep 2022 10:00:00 GMT</pubDate><description>The bridge over the "
        "river reopened to traffic on Tuesday after three months of repairs to its deck."
        "</description></item>"
        "<item><title>Port traffic</title><link>https://wire.example/port</link>"
        "<description>Grain ships left the port in a convoy on Wednesday morning, carrying "
        "wheat and maize to buyers abroad.</description></item></channel></rss>")


def _news_folder(folder) -> None:
    folder.mkdir()
    (folder / "page.html").write_text(PAGE.format(t="Road works extended", slug="roads"))
    (folder / "wire.rss").write_text(FEED)
    with open(folder / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        payload = PAGE.format(t="Water supply restored", slug="water").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://wire.example/water", "response", payload=BytesIO(payload),
            length=len(payload), http_headers=headers))


def test_rerun_of_pages_feeds_and_archives_changes_nothing(tmp_path):
    folder, index_dir = tmp_path / "news", tmp_path / "index"
    _news_folder(folder)
    first = index_paths([str(folder)], index_dir, entities=False)
    assert (first.added, first.skipped) == (4, []), first
    again = index_paths([str(folder)], index_dir, entities=False)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 4)
    with open_index(index_dir).searcher() as searcher:
        assert sorted(d["id"] for d in searcher.all_stored_fields()) == [
            "https://wire.example/bridge", "https://wire.example/port",
            "https://wire.example/roads", "https://wire.example/water"]


def test_bad_inputs_are_each_reported_and_nothing_half_written(tmp_path):
    folder, index_dir = tmp_path / "mixed", tmp_path / "index"
    _news_folder(folder)
    (folder / "zero.html").write_bytes(b"")
    (folder / "binary.rss").write_bytes(b"\x00\x01\x02\xff" * 200)
    (folder / "broken.xml").write_bytes(b"<?xml version='1.0'?><rss><channel><item><title>x")
    (folder / "cut.html").write_text(PAGE.format(t="Cut", slug="cut")[:200])
    (folder / "latin.htm").write_bytes(
        b"<html><body><p>" + b"The caf\xe9 on the square reopened on Monday after repairs. " * 5
        + b"</p></body></html>")
    (folder / "huge.html").write_text(PAGE.format(t="Huge", slug="huge") + " " * 300_000)
    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(index_dir),
                                      "--no-entities", "--max-size", "0.2", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    reasons = {s["origin"].rsplit("/", 1)[-1]: s["reason"] for s in report["skipped"]}
    assert reasons["zero.html"] == "empty file"
    assert "binary" in reasons["binary.rss"]
    assert "no text" in reasons["broken.xml#entry1"]
    assert "truncated" in reasons["cut.html"]
    assert "too large" in reasons["huge.html"]
    assert report["added"] == 5  # the four good articles and the latin-1 page
    with open_index(index_dir).searcher() as searcher:
        assert searcher.doc_count() == 5
        assert all(d["body"].strip() for d in searcher.all_stored_fields())


def test_commits_come_by_count_and_by_time(tmp_path):
    with ArticleWriter(tmp_path / "a", commit_every=3, commit_seconds=3600) as writer:
        for i in range(7):
            writer.write(Article(title=f"T{i}", body=f"Body number {i}", url=f"https://x/{i}"))
        assert writer.commits == 2
    with ArticleWriter(tmp_path / "b", commit_every=1000, commit_seconds=0.0) as writer:
        writer.write(Article(title="T", body="Body", url="https://x/1"))
        assert writer.commits == 1


def test_delete_by_id_source_and_date(tmp_path, small_articles):
    index_dir = tmp_path / "index"
    index_articles(small_articles, index_dir, entities=False)

    def delete(*args):
        return CliRunner().invoke(cli, ["delete", "--index", str(index_dir), *args],
                                  catch_exceptions=False)

    assert delete("https://a.example/1").output.strip() == "1 article deleted"
    assert delete("--before", "2023-01-10").output.strip() == "2 articles deleted"
    assert delete("--source", "wire b").output.strip() == "1 article deleted"
    assert delete().exit_code == 2
    with open_index(index_dir).searcher() as searcher:
        assert [d["id"] for d in searcher.all_stored_fields()] == ["https://c.example/4"]


@pytest.mark.slow
def test_parallel_extraction_matches_serial(tmp_path):
    paths = [str(shared("seed")), str(shared("samples"))]
    serial = index_paths(paths, tmp_path / "serial", jobs=1)
    parallel = index_paths(paths, tmp_path / "parallel", jobs=2)
    assert serial.added == parallel.added == 5

    def mentions(index_dir):
        with open_index(index_dir).searcher() as searcher:
            return {d["id"]: json.loads(d["record"])["mentions"]
                    for d in searcher.all_stored_fields()}

    assert mentions(tmp_path / "serial") == mentions(tmp_path / "parallel")


def test_a_folder_given_through_dot_dot_is_read(tmp_path):
    from indexer.errors import Skipped
    from indexer.pipeline import extract_paths

    (tmp_path / "data" / ".hidden").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "data" / "story.txt").write_text("Shelling hit Kharkiv overnight.")
    (tmp_path / "data" / ".hidden" / "skip.txt").write_text("Never read.")
    found = list(extract_paths([str(tmp_path / "other" / ".." / "data")]))
    assert not [item for item in found if isinstance(item, Skipped)]
    assert [text for _source, _lang, text, _mentions in found] == [
        "Shelling hit Kharkiv overnight."]
