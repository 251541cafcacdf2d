"""Web archives (.warc, .warc.gz) to articles: each HTML page captured with status 200.

The record's `WARC-Target-URI` is the article URL (a stable id across re-runs) and its
`WARC-Date` the fallback publication date. Other records (requests, metadata, images,
redirects) are passed over silently; a damaged archive yields what was read before the
damage and a Skipped naming the record. A .warc.gz is decompressed here rather than by
warcio, so that its expansion is capped (MAX_EXPANSION): a decompression bomb is a Skipped,
not an out-of-memory or an hours-long read.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator, Mapping
from typing import IO

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers.html import html_article
from indexer.readers.records import parse_date

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 50 * 1024 * 1024
# Cap of a .warc.gz's expansion: once past EXPANSION_CHECKED_AFTER bytes of output, the
# decompressed bytes may be at most this many times the compressed bytes read. Real archives of
# web pages expand 4-10 times; gzip of one repeated byte about 1000 times (a decompression bomb).
MAX_EXPANSION = 100
EXPANSION_CHECKED_AFTER = 8 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
REQUIRED_HEADERS = ("WARC-Type", "Content-Length")  # of every WARC record (WARC 1.1 5.)
_BLOCK = 64 * 1024


class ArchiveBomb(Exception):
    """A compressed archive that expands beyond MAX_EXPANSION times its size."""


class DamagedGzip(Exception):
    """Compressed data that is cut short or corrupt."""


class _Gunzip(io.RawIOBase):
    """The decompressed bytes of a (multi-member) gzip stream, its expansion capped."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._unzip = zlib.decompressobj(wbits=31)
        self._buffer = b""
        self._read_in = 0
        self._given = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._given

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._buffer and not self._done:
            self._fill()
        count = min(len(buffer), len(self._buffer))
        buffer[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        self._given += count
        return count

    def _fill(self) -> None:
        """Decompress the next piece of input into the buffer, checking the cap."""
        unzip = self._unzip
        if unzip.unconsumed_tail:
            data = unzip.unconsumed_tail
        else:
            data = unzip.unused_data if unzip.eof else b""
            if not data:
                data = self._raw.read(_BLOCK)
                self._read_in += len(data)
            if not data:
                if not unzip.eof:
                    raise DamagedGzip("the compressed data ends mid-record: a truncated archive")
                self._done = True
                return
            if unzip.eof:  # the next gzip member (or zero padding after the last)
                if not data.strip(b"\0"):
                    return
                if not data.startswith(_GZIP_MAGIC[: len(data)]):
                    raise DamagedGzip("bytes that are not gzip data after a gzip member")
                unzip = self._unzip = zlib.decompressobj(wbits=31)
        try:
            out = unzip.decompress(data, _BLOCK * 16)
        except zlib.error as error:
            raise DamagedGzip(f"corrupt compressed data ({error})") from None
        if self._given == 0 and not self._buffer and out.startswith(_GZIP_MAGIC):
            raise ArchiveBomb("gzip data inside gzip data")
        self._buffer += out
        expanded = self._given + len(self._buffer)
        if expanded > EXPANSION_CHECKED_AFTER and expanded > MAX_EXPANSION * max(self._read_in, 1):
            raise ArchiveBomb(f"over {expanded // 2**20} MB from {self._read_in // 1024} KB")


def _unzipped(stream: IO[bytes]) -> IO[bytes]:
    """The stream itself, or its decompressed bytes (capped) when it holds gzip data."""
    if not stream.seekable():
        stream = io.BytesIO(stream.read())
    start = stream.tell()
    head = stream.read(2)
    stream.seek(start)
    if not head or not _GZIP_MAGIC.startswith(head):  # (a lone 0x1f: gzip cut after a byte)
        return stream
    return _Gunzip(stream)  # type: ignore[return-value]  # read(n) may return fewer bytes


def read_warc(stream: IO[bytes], origin: str,
              field_map: Mapping[str, str]) -> Iterator[Article | Skipped]:
    """The HTML pages of a WARC file (read as a stream) as articles."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    pages = 0
    record = None
    where = ""
    try:
        records = ArchiveIterator(_unzipped(stream), arc2warc=True)
        for record in records:
            number += 1
            missing = [name for name in REQUIRED_HEADERS
                       if not record.rec_headers.get_header(name)]
            if missing:  # a record cut inside its headers (warcio yields it all the same)
                yield Skipped(f"{origin}#record{number}",
                              f"damaged archive after {number - 1} records (record {number}, "
                              f"at byte {_start_of(records)}, has no {', '.join(missing)}: "
                              "its headers are cut short or incomplete); the rest of it is "
                              "not read")
                return
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
    except ArchiveBomb as error:
        yield Skipped(f"{origin}#record{_failed_at(number, record)}",
                      f"decompression bomb: the archive expands more than {MAX_EXPANSION} times "
                      f"({error}); the rest of it is not read")
        return
    except ArchiveLoadFailed as error:
        reason = " ".join(str(error).split())[:200]
        yield Skipped(f"{origin}#record{_failed_at(number, record)}",
                      f"not a readable WARC record ({reason})")
        return
    except Exception as error:  # DamagedGzip, and whatever warcio raises on a damaged archive
        what = " ".join(str(error).split())[:160] or type(error).__name__
        if isinstance(error, AttributeError | TypeError):  # warcio on a header cut short
            what = "a record's headers are incomplete"
        failed = _failed_at(number, record)
        yield Skipped(f"{origin}#record{failed}", f"damaged archive after {failed - 1} records "
                      f"({what})")
        return
    if record is not None and getattr(record.raw_stream, "limit", 0) > 0 and not (
            pages and where.endswith(f"#record{number}")):  # cut inside its last record
        yield Skipped(f"{origin}#record{number}", f"damaged archive after {number - 1} records "
                      "(the last record ends before its Content-Length: a truncated archive)")
        return
    if _left_unread(stream, records):
        yield Skipped(f"{origin}#record{number + 1}", f"damaged archive after {number} records "
                      "(it ends inside a record's headers: a truncated archive)")
        return
    if number == 0:
        yield Skipped(origin, "empty web archive")
    elif pages == 0:
        yield Skipped(origin, f"no HTML pages with status 200 among {number} records")


def _start_of(records) -> str:
    """The offset of the current record in the (decompressed) archive, as text."""
    offset = getattr(records, "offset", None)
    return str(offset) if isinstance(offset, int) else "?"


def _failed_at(number: int, record) -> int:
    """The number of the record a read failed in: the current one (`number`) while its body
    has bytes left, else the next."""
    left = getattr(getattr(record, "raw_stream", None), "limit", 0)
    return number if record is not None and left else number + 1


def _left_unread(stream: IO[bytes], records) -> bool:
    """True when an uncompressed archive has bytes past the end of its last whole record."""
    end = getattr(records, "offset", None)
    if getattr(records.reader, "decompressor", None) is not None or not isinstance(end, int):
        return False
    try:
        stream.seek(end)
        return bool(stream.read(4096).strip())
    except (OSError, ValueError):
        return False
