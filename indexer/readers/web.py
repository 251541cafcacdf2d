"""Readers of web formats, registered in `core`: HTML pages, feeds, web archives.

Thin entry points that import `indexer.readers.html`, `indexer.readers.feeds` and
`indexer.readers.warc` on first
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
    """One article from an HTML page (see indexer.readers.html)."""
    from indexer.readers.html import read_html as read

    return read(data, origin, field_map)


def read_xml(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """The entries of an RSS/RDF/Atom feed, or a reasoned Skipped (see indexer.readers.feeds)."""
    from indexer.readers.feeds import read_xml as read

    return read(data, origin, field_map)


def read_json_or_feed(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """A JSON Feed's items, or JSON article records (see indexer.readers.feeds)."""
    from indexer.readers.feeds import read_json_or_feed as read

    return read(data, origin, field_map)


def read_warc(stream: IO[bytes], origin: str, field_map: Mapping[str, str]) -> Iterable[Item]:
    """The HTML pages of a web archive, read as a stream (see indexer.readers.warc)."""
    from indexer.readers.warc import read_warc as read

    return read(stream, origin, field_map)


def looks_like_html(data: bytes) -> bool:
    """True when bytes start like an HTML page."""
    from indexer.readers.html import looks_like_html as check

    return check(data)


def is_json_feed(data: bytes) -> bool:
    """True when a JSON document declares itself a JSON Feed."""
    from indexer.readers.feeds import is_json_feed as check

    return check(data)
