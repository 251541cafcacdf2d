"""Web archives: a WARC written with warcio round-trips its HTML pages into articles."""

from __future__ import annotations

from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers import read_inputs


def _page(title: str, words: str) -> bytes:
    paragraphs = "".join(f"<p>{words} Paragraph {i} of the report on {title}.</p>"
                         for i in range(4))
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
            f"<nav>Home News Sport</nav><article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>Contact</footer></body></html>").encode()


def _warc(path, gz: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        records = [
            ("https://news.example/a", "200 OK", "text/html; charset=utf-8",
             _page("Grain deal extended", "Ships left Odesa port carrying wheat and maize.")),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://news.example/old", "301 Moved", "text/html", b"<html>moved</html>"),
            ("https://news.example/b", "200 OK", "text/html",
             _page("Power restored in Kharkiv", "Engineers repaired the lines overnight.")),
        ]
        for uri, status, ctype, payload in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=BytesIO(payload), length=len(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2022-09-10T12:00:00Z"})
            writer.write_record(record)
        writer.write_record(writer.create_warc_record(
            "https://news.example/a", "request", payload=BytesIO(b"GET /a HTTP/1.1\r\n\r\n"),
            length=18))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_round_trips_html_pages(tmp_path, name):
    path = tmp_path / name
    _warc(path, gz=name.endswith(".gz"))
    items = list(read_inputs([str(tmp_path)]))
    assert all(isinstance(i, Article) for i in items), items
    assert [(a.url, a.title) for a in items] == [
        ("https://news.example/a", "Grain deal extended"),
        ("https://news.example/b", "Power restored in Kharkiv")]
    assert "Ships left Odesa" in items[0].body and "Home News" not in items[0].body
    assert items[0].published.isoformat() == "2022-09-10T12:00:00"  # WARC-Date fallback
    assert items[0].origin.startswith(str(path) + "#record")


def test_truncated_and_bogus_archives_are_reported(tmp_path):
    good = tmp_path / "good.warc.gz"
    _warc(good, gz=True)
    data = good.read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    (tmp_path / "text.warc").write_bytes(b"this is not a web archive\n" * 10)
    (tmp_path / "empty.warc").write_bytes(b"")
    good.unlink()
    items = list(read_inputs([str(tmp_path)]))
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(item.origin.split("#")[0].rsplit("/", 1)[-1], []).append(item)
    assert isinstance(by_file["cut.warc.gz"][0], Article)  # pages before the damage are kept
    assert isinstance(by_file["cut.warc.gz"][-1], Skipped)
    assert isinstance(by_file["text.warc"][0], Skipped)
    assert by_file["empty.warc"] == [Skipped(str(tmp_path / "empty.warc"), "empty web archive")]


def _records(count: int, gz: bool) -> list[bytes]:
    """`count` HTML response records, each written alone so their offsets are known."""
    out = []
    for number in range(count):
        data = BytesIO()
        writer = WARCWriter(data, gzip=gz)
        payload = _page(f"Report {number}", "Engineers repaired the lines overnight.")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{number}", "response", payload=BytesIO(payload),
            length=len(payload), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2022-09-10T12:00:00Z"}))
        out.append(data.getvalue())
    return out


def _cut_reading(tmp_path, records: list[bytes], broken: int, into: int) -> list:
    """read_inputs over a plain .warc cut `into` bytes into record `broken` (1-based)."""
    start = sum(len(r) for r in records[: broken - 1])
    path = tmp_path / "cut.warc"
    path.write_bytes(b"".join(records)[: start + into])
    return list(read_inputs([str(path)]))


def _check_cut(tmp_path, records: list[bytes], broken: int, into: int) -> None:
    items = _cut_reading(tmp_path, records, broken, into)
    urls = [i.url for i in items if isinstance(i, Article)]
    assert urls == [f"https://news.example/{n}" for n in range(broken - 1)], (into, items)
    skips = [i for i in items if isinstance(i, Skipped)]
    assert len(skips) == 1, (broken, into, items)
    assert skips[0].origin == f"{tmp_path / 'cut.warc'}#record{broken}", (into, skips)


def test_plain_warc_cut_at_every_offset_of_a_later_records_headers_is_a_skip(tmp_path):
    """Each cut inside the WARC headers of record 3 (every offset): the two
    records before it indexed, one Skipped naming the file and record 3 (once silent)."""
    records = _records(3, gz=False)
    head = records[2].index(b"\r\n\r\n") + 4
    for into in range(1, head + 1):
        _check_cut(tmp_path, records, 3, into)
    skip = next(i for i in _cut_reading(tmp_path, records, 3, 20) if isinstance(i, Skipped))
    assert f"at byte {len(records[0]) + len(records[1])}" in skip.reason, skip


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(2, 4), data=st.data())
def test_plain_warc_cut_in_a_later_records_headers_is_a_skip_naming_it(tmp_path, count, data):
    records = _records(count, gz=False)
    broken = data.draw(st.integers(2, count), label="broken record")
    head = records[broken - 1].index(b"\r\n\r\n") + 4  # the WARC headers and their end
    into = data.draw(st.integers(1, head), label="bytes kept")
    _check_cut(tmp_path, records, broken, into)
