"""Hostile HTML, feeds, JSON Feed, JSON Lines, CSV, text and WARC, mixed with good files.

A hypothesis-drawn batch (one folder) of good and hostile files goes through `read_inputs`, the
entry `newsdex index` reads with (each Skipped is printed as "skipped <origin>: <reason>").
Asserted: no exception escapes; every hostile file is reported (a Skipped naming the file, and
its line or record, with a reason; or its articles when the damage is harmless); every good file
and every good line/record is read. Tallies are printed at the end of the module (run with -s).
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from functools import cache
from io import BytesIO

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers import read_inputs
from indexer.readers.warc import EXPANSION_CHECKED_AFTER, MAX_EXPANSION

# No shrinking: a failing case is printed as drawn (its parameters; the files are built from them).
BOUNDED = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow, HealthCheck.data_too_large])
TALLY: Counter = Counter({"tracebacks": 0})
WORDS = "Engineers restored power to the eastern districts of Kharkiv after the overnight strike."


@pytest.fixture(scope="module", autouse=True)
def _report_tally():
    yield
    print("\nhostile readers:", dict(sorted(TALLY.items())))


def read(paths: list[str]) -> list[Article | Skipped]:
    """read_inputs' items; an escaping exception is counted as a traceback, then re-raised."""
    try:
        items = list(read_inputs(paths))
    except BaseException:
        TALLY["tracebacks"] += 1
        raise
    for item in items:
        assert isinstance(item, Article | Skipped), item
        if isinstance(item, Skipped):
            TALLY["skips reported"] += 1
            TALLY[f"skips {origin_file(item.origin).rsplit('.', 1)[-1]}"] += 1
            assert item.origin and item.reason.strip(), item
    return items


def page(title: str, middle: bytes = b"") -> bytes:
    paragraphs = "".join(f"<p>{WORDS} Paragraph {i} about {title}.</p>" for i in range(4))
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{paragraphs}").encode() + middle + (
            b"</article></body></html>")


def rss(title: str, middle: bytes = b"") -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire"
            f"</title><item><title>{title}</title><link>https://news.example/{abs(hash(title))}"
            f"</link><description>{WORDS}</description></item>").encode() + middle + (
            b"</channel></rss>")


def json_feed(title: str, middle: str = '"x"') -> bytes:
    return ('{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": ['
            f'{{"title": "{title}", "content_text": "{WORDS}", "extra": {middle}}}]}}').encode()


def line(title: str) -> bytes:
    return json.dumps({"title": title, "body": WORDS}).encode()


# Hostile pieces, each (name, bytes) and whether the piece must make its input a Skipped.
def deep(depth: int, open_: bytes, close: bytes) -> bytes:
    return open_ * depth + b"x" + close * depth


def build(name: str, size: int) -> tuple[bytes, bool]:
    """A hostile piece of the given kind and size, and whether it must make its input a skip."""
    if name == "deep tags":
        return deep(size, b"<div>", b"</div>"), False
    if name == "NUL bytes":
        return b"a\x00b" * size, True
    if name == "invalid bytes":
        return bytes(0x80 | (size * 37 + i) % 128 for i in range(size % 64 + 1)), False
    if name == "huge line":
        return b"w" * size, False
    return "Київ".encode("cp1251") + "café".encode() + bytes([size % 256]), False  # mixed


hostile_kinds = st.one_of(
    st.tuples(st.just("deep tags"), st.integers(10_000, 40_000)),
    st.tuples(st.just("NUL bytes"), st.integers(1, 50)),
    st.tuples(st.just("invalid bytes"), st.integers(1, 10_000)),
    st.tuples(st.just("huge line"), st.integers(200_000, 3_000_000)),
    st.tuples(st.just("mixed encodings"), st.integers(0, 255)),
)


@st.composite
def plan(draw):
    """Per format: the hostile kind and size, and a cut (the files are built by `batch`)."""
    return [(draw(hostile_kinds), draw(st.integers(0, 100)), draw(st.booleans()),
             draw(st.integers(5_000, 50_000))) for _ in range(6)]


def batch(drawn: list):
    """(files: name -> bytes, good titles that must be read, hostile names that must skip)."""
    files: dict[str, bytes] = {}
    good: set[str] = set()
    must_skip: set[str] = set()
    lines_of: dict[str, set[str]] = {}  # good lines of a hostile file (unless refused whole)
    for index, kind in enumerate(("html", "rss", "json", "jsonl", "csv", "txt")):
        title = f"Good {kind} report"
        files[f"good.{kind}"] = {"html": page, "rss": rss, "json": json_feed,
                                 "jsonl": line, "csv": lambda t: b"title,body\n%s,%s\n" % (
                                     t.encode(), WORDS.encode()),
                                 "txt": lambda t: f"{t}\n\n{WORDS}\n".encode()}[kind](title)
        good.add(title)
        (name, size), cut, chop, depth = drawn[index]
        piece, fatal = build(name, size)
        TALLY[f"cases {kind}"] += 1
        bad = f"bad.{kind}"
        if kind == "html":
            files[bad] = page("Hostile page", piece)
            if chop:  # truncated: no closing </body></html>
                files[bad] = files[bad][: -len(b"</article></body></html>") - cut % 20]
                fatal = True
        elif kind == "rss":
            files[bad] = rss("Hostile entry", piece.replace(b"div", b"item"))
            if chop:
                files[bad] = files[bad][: max(1, len(files[bad]) * cut // 100)]
                fatal = fatal or cut < 30
        elif kind == "json":
            files[bad] = json_feed("Hostile item", "[" * depth + "]" * depth)
            fatal = True
        elif kind == "jsonl":  # hostile lines between good lines: only they are skipped
            lines = [line("Line one"), b"[" * 30_000 + b"]" * 30_000,
                     b'{"title": "cut", "body": "' + piece, line("Line four"),
                     json.dumps({"title": "Huge line", "body": WORDS + " w" * size}).encode()]
            files[bad] = b"\n".join(lines)
            fatal = b"\x00" in piece
            lines_of[bad] = {"Line one", "Line four", "Huge line"}
        elif kind == "csv":
            rows = [b"title,body", b"Row one," + WORDS.encode(),
                    b"Row two," + piece.replace(b"\n", b" ")[:500_000], b'Row three,"unterminated']
            files[bad] = b"\n".join(rows)
            fatal = b"\x00" in piece
            lines_of[bad] = {"Row one"}
        else:
            files[bad] = b"Hostile text\n\n" + piece
        if fatal:
            must_skip.add(bad)
    return files, good, must_skip, lines_of


def origin_file(origin: str) -> str:
    """The file name an origin names ("/x/bad.jsonl:3" -> "bad.jsonl")."""
    name = origin.rsplit("/", 1)[-1].split("#", 1)[0]
    return name.rsplit(":", 1)[0] if ":" in name else name


@BOUNDED
@given(drawn=plan())
def test_hostile_batch_reports_each_bad_input_and_reads_every_good_one(tmp_path_factory, drawn):
    files, good, must_skip, lines_of = batch(drawn)
    folder = tmp_path_factory.mktemp("batch")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    items = read(sorted(str(folder / name) for name in files))
    titles = {i.title for i in items if isinstance(i, Article)}
    assert good <= titles, (good - titles, [str(i) for i in items if isinstance(i, Skipped)])
    refused = {origin_file(i.origin) for i in items if isinstance(i, Skipped)
               and ("binary" in i.reason or "undecodable" in i.reason)}  # the file as a whole
    for name, lines in lines_of.items():
        if name not in refused:
            assert lines <= titles, (name, lines - titles, drawn)
    reported = {origin_file(i.origin) for i in items}
    assert reported == set(files), (set(files) - reported, drawn)  # none passed over silently
    skipped = {origin_file(i.origin) for i in items if isinstance(i, Skipped)}
    assert must_skip <= skipped, must_skip - skipped
    for item in items:
        if isinstance(item, Skipped) and origin_file(item.origin).endswith(("jsonl", "csv")):
            file = str(folder / origin_file(item.origin))  # the file as a whole, or a line of it
            assert item.origin == file or item.origin.removeprefix(file + ":").isdigit(), item


def test_deep_json_feed_is_a_skip_not_a_recursion_error(tmp_path):
    (tmp_path / "deep.json").write_bytes(json_feed("t", "[" * 50_000 + "]" * 50_000))
    (tmp_path / "good.json").write_bytes(json_feed("Good item"))
    items = read([str(tmp_path)])
    assert [type(i) for i in items] == [Skipped, Article]
    assert items[0].origin == str(tmp_path / "deep.json") and "nested too deeply" in items[0].reason


# --- web archives: truncated anywhere, bombs, hostile pages among good ones -------------------


def warc_record(uri: str, payload: bytes, kind: str = "response",
                ctype: str = "text/html", gz: bool = True) -> bytes:
    """One record written alone (with gzip: one member), so a batch's offsets are known."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=gz)
    headers = (StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
               if kind == "response" else None)
    writer.write_record(writer.create_warc_record(
        uri, kind, payload=BytesIO(payload), length=len(payload), http_headers=headers,
        warc_headers_dict={"WARC-Date": "2022-09-10T12:00:00Z"}))
    return out.getvalue()


@cache
def bomb_member(gigabytes: float) -> bytes:
    """A gzip member holding a WARC resource record of `gigabytes` of zeros, built from one
    self-contained (full-flush) deflate block repeated: a few KB per GB, and a valid gzip."""
    size = int(gigabytes * 1024) * 2**20
    head = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://news.example/z\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % size)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = 2**20
    repeated = squeeze.compress(b"\0" * block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    zeros = b"\0" * block
    for _ in range(size // block):  # crc32 of the zeros, block by block
        crc = zlib.crc32(zeros, crc)
    tail = squeeze.compress(b"\r\n\r\n") + squeeze.flush()
    crc = zlib.crc32(b"\r\n\r\n", crc)
    length = (len(head) + size + 4) % 2**32
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + repeated * (size // block)
            + tail + crc.to_bytes(4, "little") + length.to_bytes(4, "little"))


RECORD_KINDS = st.sampled_from(["good", "good", "deep", "nul", "image", "bomb", "huge"])


def archive(gz: bool, kinds: list[str], cut_at: float | None):
    """(bytes, member end offsets, good URI per record (None: not a good page), gz, cut)."""
    records: list[tuple[bytes, str | None]] = []
    for number, kind in enumerate(kinds):
        uri = f"https://news.example/{number}"
        TALLY["cases warc record"] += 1
        if kind == "good":
            records.append((warc_record(uri, page(f"Archived {number}"), gz=gz), uri))
        elif kind == "deep":
            records.append((warc_record(uri, page("Deep", deep(30_000, b"<b>", b"</b>")), gz=gz),
                            None))
        elif kind == "nul":
            records.append((warc_record(uri, page("Nul", b"\x00" * 40), gz=gz), None))
        elif kind == "image":
            records.append((warc_record(uri, b"\x89PNG" + bytes(3000), ctype="image/png", gz=gz),
                            None))
        elif kind == "huge":
            records.append((warc_record(uri, page("Huge", b"w" * 1_000_000), gz=gz), None))
        elif gz:  # a bomb: nothing after it is read
            records.append((bomb_member(0.25), None))
            break
    data = b"".join(r for r, _ in records)
    ends = [sum(len(r) for r, _ in records[: i + 1]) for i in range(len(records))]
    cut = None if cut_at is None else max(1, min(len(data) - 1, int(len(data) * cut_at)))
    return (data if cut is None else data[:cut]), ends, [u for _, u in records], gz, cut


@BOUNDED
@given(gz=st.booleans(), kinds=st.lists(RECORD_KINDS, min_size=2, max_size=5),
       cut_at=st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_hostile_archive_keeps_every_whole_good_page_and_reports_the_damage(tmp_path_factory,
                                                                           gz, kinds, cut_at):
    data, ends, uris, gz, cut = archive(gz, kinds, cut_at)
    folder = tmp_path_factory.mktemp("warc")
    path = folder / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data)
    good = folder / "good.html"
    good.write_bytes(page("Beside the archive"))
    items = read([str(path), str(good)])
    assert items[-1] == read([str(good)])[0] and isinstance(items[-1], Article)
    items = items[:-1]
    assert items and all(i.origin.startswith(str(path)) for i in items)
    assert not any("NoneType" in i.reason for i in items if isinstance(i, Skipped)), items
    whole = [n for n, end in enumerate(ends, 1) if cut is None or end <= cut]
    read_urls = {i.url for i in items if isinstance(i, Article)}
    expected = {uris[n - 1] for n in whole if uris[n - 1]}
    assert expected <= read_urls, (expected - read_urls, [str(i) for i in items])
    broken = next((n for n, end in enumerate(ends, 1) if cut is not None and end > cut), None)
    if broken and (gz or ends[broken - 1] - cut > 4):  # cut inside a record (not its CRLFs)
        skips = [i for i in items if isinstance(i, Skipped) and "#record" in i.origin]
        assert skips, (gz, kinds, cut, [str(i) for i in items])
        assert skips[-1].origin == f"{path}#record{broken}" or "bomb" in skips[-1].reason, (
            broken, [str(i) for i in items])


def test_gigabyte_bomb_is_a_skip_and_the_pages_before_it_are_read(tmp_path):
    first = warc_record("https://news.example/a", page("Before the bomb"))
    data = first + bomb_member(4) + warc_record("https://news.example/b", page("After"))
    assert len(data) < 8 * 2**20  # a small file that expands to 4 GB
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(data)
    TALLY["cases warc bomb 4 GB"] += 1
    items = read([str(path)])
    assert [type(i) for i in items] == [Article, Skipped]
    assert items[0].title == "Before the bomb"
    assert items[1].origin == f"{path}#record2"
    assert items[1].reason.startswith(f"decompression bomb: the archive expands more than "
                                      f"{MAX_EXPANSION} times")


def test_plain_gzip_bombs_are_skips_whatever_their_name(tmp_path):
    bomb = bomb_member(1)
    for name in ("articles.jsonl.gz", "articles.json", "page.html", "feed.xml", "notes"):
        (tmp_path / name).write_bytes(bomb)
    items = read([str(tmp_path / "notes"), str(tmp_path)])
    assert all(isinstance(i, Skipped) for i in items)
    assert {origin_file(i.origin) for i in items} == {
        "articles.jsonl.gz", "articles.json", "page.html", "feed.xml", "notes"}
    assert all("gzip" in i.reason for i in items
               if not i.reason.startswith(("unsupported", "no file extension"))), [
        str(i) for i in items]


def test_expansion_cap_leaves_real_archives_alone(tmp_path):
    pages = [warc_record(f"https://news.example/{n}", page(f"Report {n}")) for n in range(200)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(pages))
    items = read([str(path)])
    assert len(items) == 200 and all(isinstance(i, Article) for i in items)
    assert EXPANSION_CHECKED_AFTER < 50 * 2**20


def test_newsdex_index_reports_bomb_cut_archive_and_deep_feed_and_indexes_the_rest(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    folder = tmp_path / "in"
    folder.mkdir()
    good = warc_record("https://news.example/a", page("Archived before the bomb"))
    (folder / "bomb.warc.gz").write_bytes(good + bomb_member(2))
    first = warc_record("https://news.example/b", page("Archived before the cut"))
    cut = first + warc_record("https://news.example/c", page("Cut in half"))
    (folder / "cut.warc.gz").write_bytes(cut[: len(first) + 300])
    (folder / "deep.json").write_bytes(json_feed("t", "[" * 50_000 + "]" * 50_000))
    (folder / "good.html").write_bytes(page("Plain good page"))
    run = subprocess.run(
        [sys.executable, "-c", "from search.cli import main; main()", "index", str(folder),
         "--index", str(tmp_path / "index"), "--no-entities"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "unexpected error" not in out, out
    assert "3 added" in out and "3 skipped" in out, out
    assert f"skipped {folder / 'bomb.warc.gz'}#record2: decompression bomb" in out, out
    assert f"skipped {folder / 'cut.warc.gz'}#record2: damaged archive after 1 records" in out, out
    assert f"skipped {folder / 'deep.json'}: malformed JSON: nested too deeply" in out, out
