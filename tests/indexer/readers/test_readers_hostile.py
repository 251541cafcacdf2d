"""Hostile JSON / JSON Lines / CSV structure: each input is a reported skip or an article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers.core import _run
from indexer.readers.formats import read_csv, read_json, read_jsonl

FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
GOOD = {"title": "Good article", "body": "Ukrainian forces entered Kupiansk on Saturday."}
DEEP = {
    "array": "[" * 5000 + "]" * 5000,
    "object": '{"a":' * 5000 + "1" + "}" * 5000,
    "body": '{"title": "t", "body": ' + "[" * 5000 + '"x"' + "]" * 5000 + "}",
    "list_item": "[" + json.dumps(GOOD) + ", " + "[" * 5000 + "]" * 5000 + "]",
}


def read(reader, data: bytes, origin: str) -> list[Article | Skipped]:
    """What indexing gets from a reader: its items, an InputError as one Skipped."""
    return list(_run(reader, data, origin, {}))


def _check(items: list) -> None:
    for item in items:
        assert isinstance(item, Article | Skipped)
        if isinstance(item, Skipped):
            assert item.reason and item.origin


@pytest.mark.parametrize("reader", [read_json, read_jsonl])
@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_a_skip_with_a_reason(reader, name):
    items = read(reader, DEEP[name].encode(), "in.json")
    _check(items)
    assert any(isinstance(i, Skipped) and "nested too deeply" in i.reason for i in items)


def test_deep_jsonl_line_is_one_skip_and_the_other_lines_are_read():
    text = "\n".join([json.dumps(GOOD), DEEP["array"], DEEP["object"], json.dumps(GOOD)])
    items = read(read_jsonl, text.encode(), "in.jsonl")
    assert [i.origin for i in items] == [f"in.jsonl:{n}" for n in (1, 2, 3, 4)]
    assert [type(i) for i in items] == [Article, Skipped, Skipped, Article]
    assert all("nested too deeply" in i.reason for i in items[1:3])


def test_index_folder_with_a_deep_file_reports_one_skip_and_indexes_the_rest(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text(DEEP["array"])
    (folder / "deep.jsonl").write_text(json.dumps(GOOD | {"title": "Line one"}) + "\n"
                                       + DEEP["object"] + "\n")
    (folder / "good.json").write_text(json.dumps(GOOD))
    index = tmp_path / "index"
    run = subprocess.run(
        [sys.executable, "-c", "from search.cli import main; main()", "index", str(folder),
         "--index", str(index), "--no-entities"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "unexpected error" not in out, out
    assert "RecursionError" not in out
    assert "2 added" in out and "2 skipped" in out, out
    assert f"skipped {folder / 'deep.json'}:1: malformed JSON: nested too deeply" in out
    assert f"skipped {folder / 'deep.jsonl'}:2: malformed JSON: nested too deeply" in out
    found = subprocess.run(
        [sys.executable, "-c", "from search.cli import main; main()", "search", "Kupiansk",
         "--index", str(index), "--json"], cwd=ROOT, capture_output=True, text=True,
        timeout=300)
    titles = {hit["title"] for hit in json.loads(found.stdout)["hits"]}
    assert titles == {"Good article", "Line one"}, found.stdout + found.stderr


json_like = st.lists(st.one_of(
    st.sampled_from(["[", "]", "{", "}", ",", ":", '"', '"body"', '"title"', "\x00", "\n",
                     "null", "1e999", "\\u0000", "\\ud800", '"' + "x" * 5000 + '"']),
    st.text(max_size=8)), max_size=40).map("".join)


@FUZZ
@given(text=json_like, depth=st.integers(0, 3000), cut=st.integers(0, 200))
def test_json_readers_never_raise(text, depth, cut):
    for raw in (text, "[" * depth + text + "]" * depth, json.dumps(GOOD)[:cut] + text):
        for reader in (read_json, read_jsonl):
            _check(read(reader, raw.encode("utf-8", "surrogatepass"), "in.json"))


csv_like = st.lists(st.one_of(
    st.sampled_from(["title,body\n", "title;body\n", ",", ";", "\t", '"', '""', "\n", "\r",
                     "\x00", "x" * 200_000, "body", "\r\n"]),
    st.text(max_size=8)), max_size=30).map("".join)


@FUZZ
@given(text=csv_like, cut=st.integers(0, 60))
def test_csv_reader_never_raises(text, cut):
    good = "title,body\nGood,Ukrainian forces entered Kupiansk.\n"
    for raw in (text, good[:cut] + text, good + text):
        _check(read(read_csv, raw.encode("utf-8", "surrogatepass"), "in.csv"))


def test_csv_nul_byte_and_truncated_quote_are_skips_or_articles():
    for raw in (b"title,body\nA,\x00body\n", b'title,body\nA,"unterminated body',
                b"title,body\n" + b"x" * 300_000 + b",y\n", b"\x00\x00\x00"):
        _check(read(read_csv, raw, "in.csv"))
