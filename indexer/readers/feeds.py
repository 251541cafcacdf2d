"""News feeds to articles: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed by hand.

One article per entry: the full content when the feed carries it (`content:encoded`, Atom
content), else the summary, HTML stripped to paragraphs; the entry's link is the URL (so a
re-read feed keeps its ids), the feed's title the source. Broken feeds are read as far as
feedparser gets; its complaint is reported only when not one entry could be read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers.clean import clean_body, normalize_text
from indexer.readers.formats import TOO_DEEP, read_json
from indexer.readers.html import fragment_text, read_html
from indexer.readers.records import normalize_language, parse_date, source_from_url, split_authors

Item = Article | Skipped

_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?:(?:\\?/){2}jsonfeed\.org(?:\\?/)version', re.I)
_EMBEDDED_FEED = re.compile(rb"<(?:\w+:)?(?:feed|rss|RDF)[\s>]")  # a feed inside an XHTML page
# Root elements of an HTML fragment saved on its own (a feed entry's content).
_HTML_ELEMENTS = frozenset({"p", "div", "img", "a", "span", "section", "article", "figure",
                            "h1", "h2", "h3", "ul", "ol", "table", "blockquote", "br", "pre"})
_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def is_json_feed(data: bytes) -> bool:
    """True when a JSON document declares a jsonfeed.org version near its start."""
    return bool(_JSON_FEED.search(data[:4096]))


def xml_root(data: bytes) -> str:
    """The local name of the first element of an XML document ("rss", "feed", "urlset")."""
    head = re.sub(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!DOCTYPE[^>]*>", b"", data[:8192], flags=re.S)
    found = _ROOT.search(head)
    return found.group(2).decode("ascii", "replace").lower() if found else ""


def read_json_or_feed(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """A .json file: a JSON Feed when it says so, else article records."""
    if is_json_feed(data):
        yield from read_json_feed(data, origin, field_map)
    else:
        yield from read_json(data, origin, field_map)


def read_xml(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """An .xml/.rss/.atom/.rdf file: a feed, else an HTML page, else a reasoned Skipped."""
    refused = _binary_or_empty(data, origin)
    if refused is not None:
        yield refused
        return
    root = xml_root(data.lstrip())
    if root in ("urlset", "sitemapindex"):
        count = len(re.findall(rb"<(?:\w+:)?loc>", data))
        yield Skipped(origin, f"a sitemap ({count} URLs), not a feed: index its pages instead")
    elif root in ("html", "head", "body"):
        if _EMBEDDED_FEED.search(data):
            yield from read_feed(data, origin, field_map)
        else:
            yield from read_html(data, origin, field_map)
    elif root in _HTML_ELEMENTS:
        yield _fragment_article(data, origin)
    elif root and root not in ("rss", "feed", "rdf", "channel", "item", "entry"):
        yield Skipped(origin, f"XML but not a news feed (root element <{root}>)")
    else:
        yield from read_feed(data, origin, field_map)


def _binary_or_empty(data: bytes, origin: str) -> Skipped | None:
    """Skipped for an empty or binary file (whatever its extension says), else None."""
    from indexer.errors import InputError
    from indexer.readers.encoding import decode

    try:
        decode(data[:65536], origin)
    except InputError as error:
        reason = str(error).removeprefix(f"{origin}: ")
        if "binary" in reason or "empty" in reason:
            return Skipped(origin, reason)
    return None


def _fragment_article(data: bytes, origin: str) -> Item:
    """An HTML fragment (e.g. a feed entry's content saved alone) as one untitled article."""
    from indexer.errors import InputError
    from indexer.readers.encoding import decode

    try:
        body = fragment_text(decode(data, origin))
    except InputError as error:
        return Skipped(origin, str(error).removeprefix(f"{origin}: "))
    if not body:
        return Skipped(origin, "HTML fragment without text")
    return Article(title="", body=body, origin=origin)


def read_feed(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """The entries of an RSS, RDF or Atom feed (or a fragment of one) as articles."""
    import feedparser

    if not data.strip():
        yield Skipped(origin, "empty file")
        return
    parsed = feedparser.parse(data.lstrip(), sanitize_html=False, resolve_relative_uris=False)
    source = _text(parsed.feed.get("title")) or None
    language = normalize_language(parsed.feed.get("language"))
    if not parsed.entries:
        reason = "no feed entries found"
        if parsed.get("bozo"):
            reason += f" (malformed feed: {_describe(parsed.get('bozo_exception'))})"
        yield Skipped(origin, reason)
        return
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_article(entry, f"{origin}#entry{number}", source, language)


def _entry_article(entry: Any, where: str, source: str | None,
                   language: str | None) -> Item:
    """One feed entry as an article, or Skipped when it carries no text."""
    title = _text(entry.get("title"))
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    raw = max(contents, key=len) if contents else entry.get("summary") or ""
    if not raw.strip():
        media = entry.get("media_description") or entry.get("subtitle") or ""
        raw = media if isinstance(media, str) else ""
    body = clean_body(title, fragment_text(raw)) if raw.strip() else ""
    if not body:
        return Skipped(where, f"feed entry {title[:60]!r} carries no text" if title
                       else "feed entry carries no text")
    url = _entry_url(entry)
    published = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    if published is None:
        published = parse_date(entry.get("published") or entry.get("updated"))
    authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    return Article(
        title=title, body=body, url=url,
        source=source or (source_from_url(url) if url else None), published=published,
        language=normalize_language(entry.get("language")) or language,
        authors=split_authors(authors or entry.get("author")), origin=where,
    )


def _entry_url(entry: Any) -> str | None:
    """The entry's web address: its alternate link, else an id that is a URL."""
    for candidate in (entry.get("link"), entry.get("id")):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate.strip()
    return None


def _struct_date(value: Any) -> datetime | None:
    """feedparser's UTC time tuple as a naive UTC datetime."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    """A title or name as single-spaced plain text (HTML removed)."""
    return " ".join(fragment_text(value).split()) if isinstance(value, str) else ""


def _describe(error: Any) -> str:
    """A feedparser bozo exception in a few words."""
    text = str(getattr(error, "getMessage", lambda: error)()) if error else "unknown error"
    return " ".join(text.split())[:160]


def read_json_feed(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """The items of a JSON Feed (jsonfeed.org 1.0/1.1) as articles."""
    from indexer.readers.encoding import decode

    try:
        feed = json.loads(decode(data, origin))
    except json.JSONDecodeError as error:
        yield Skipped(origin, f"malformed JSON Feed: {error.msg} (line {error.lineno})")
        return
    except RecursionError:
        yield Skipped(origin, TOO_DEEP)
        return
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list) or not items:
        yield Skipped(origin, "JSON Feed without items")
        return
    source = _text(feed.get("title")) or None
    language = normalize_language(feed.get("language"))
    feed_authors = feed.get("authors") or feed.get("author")
    for number, item in enumerate(items, 1):
        where = f"{origin}#item{number}"
        if not isinstance(item, dict):
            yield Skipped(where, "JSON Feed item is not an object")
            continue
        try:
            yield _json_item(item, where, source, language, feed_authors)
        except RecursionError:  # a field nested deeper than the stack allows
            yield Skipped(where, TOO_DEEP)


def _json_item(item: dict, where: str, source: str | None, language: str | None,
               feed_authors: Any) -> Item:
    """One JSON Feed item as an article."""
    title = _text(item.get("title"))
    if item.get("content_html"):
        raw = fragment_text(str(item["content_html"]))
    else:
        raw = normalize_text(str(item.get("content_text") or item.get("summary") or ""))
    body = clean_body(title, raw) if raw.strip() else ""
    if not body:
        return Skipped(where, "JSON Feed item carries no text")
    url = next((str(u) for u in (item.get("url"), item.get("external_url"), item.get("id"))
                if isinstance(u, str) and u.startswith(("http://", "https://"))), None)
    return Article(
        title=title, body=body, url=url,
        source=source or (source_from_url(url) if url else None),
        published=parse_date(item.get("date_published") or item.get("date_modified")),
        language=normalize_language(item.get("language")) or language,
        authors=split_authors(item.get("authors") or item.get("author") or feed_authors),
        origin=where,
    )
