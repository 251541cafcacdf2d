"""Web archives (.warc, .warc.gz) to articles: each HTML page captured with status 200.

The record's `WARC-Target-URI` is the article URL (a stable id across re-runs) and its
`WARC-Date` the fallback publication date. Other records (requests, metadata, images,
redirects) are passed over silently; a damaged archive yields what was read before the
damage and a Skipped naming the record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers.html import html_article
from indexer.readers.records import parse_date

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 50 * 1024 * 1024


def read_warc(stream: IO[bytes], origin: str,
              field_map: Mapping[str, str]) -> Iterator[Article | Skipped]:
    """The HTML pages of a WARC file (read as a stream) as articles."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    pages = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            number += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            status = record.http_headers.get_statuscode()
            if status != "200" or not content_type.startswith(HTML_TYPES):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{origin}#record{number}"
            payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
            if len(payload) > MAX_RECORD_BYTES:
                yield Skipped(where, f"page {uri} is over {MAX_RECORD_BYTES // 2**20} MB")
                continue
            pages += 1
            charset = None
            if "charset=" in content_type:
                charset = content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'")
            yield html_article(payload, where, url=uri or None,
                               fallback_date=parse_date(record.rec_headers.get_header("WARC-Date")),
                               charset=charset)
    except ArchiveLoadFailed as error:
        reason = " ".join(str(error).split())[:200]
        yield Skipped(f"{origin}#record{number + 1}", f"not a readable WARC record ({reason})")
        return
    except Exception as error:
        what = " ".join(str(error).split())[:160] or type(error).__name__
        yield Skipped(f"{origin}#record{number + 1}",
                      f"damaged archive after {number} records ({what})")
        return
    if number == 0:
        yield Skipped(origin, "empty web archive")
    elif pages == 0:
        yield Skipped(origin, f"no HTML pages with status 200 among {number} records")
