"""Readers of web formats, registered in `core`: HTML pages, feeds, web archives.

Thin entry points that import `indexer.html`, `indexer.feeds` and `indexer.warc` on first
use: those modules build on `indexer.readers.records`, so importing them here eagerly
would be circular (and trafilatura/feedparser/warcio load only when needed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO

from indexer.article import Article
from indexer.errors import Skipped

Item = Article | Skipped


def read_html(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """One article from an HTML page (see indexer.html)."""
    from indexer.html import read_html as read

    return read(data, origin, field_map)


def read_xml(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """The entries of an RSS/RDF/Atom feed, or a reasoned Skipped (see indexer.feeds)."""
    from indexer.feeds import read_xml as read

    return read(data, origin, field_map)


def read_json_or_feed(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """A JSON Feed's items, or JSON article records (see indexer.feeds)."""
    from indexer.feeds import read_json_or_feed as read

    return read(data, origin, field_map)


def read_warc(stream: IO[bytes], origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """The HTML pages of a web archive, read as a stream (see indexer.warc)."""
    from indexer.warc import read_warc as read

    return read(stream, origin, field_map)


def looks_like_html(data: bytes) -> bool:
    """True when bytes start like an HTML page."""
    from indexer.html import looks_like_html as check

    return check(data)


def is_json_feed(data: bytes) -> bool:
    """True when a JSON document declares itself a JSON Feed."""
    from indexer.feeds import is_json_feed as check

    return check(data)
