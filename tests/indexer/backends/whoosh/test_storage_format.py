"""The index records its storage format; an index of another or older format, or one whose
schema names modules this newsdex lacks, is refused with what to run, in every command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.backends.whoosh.codec.format import FORMAT_NAME, FORMAT_VERSION, NewsdexCodec
from indexer.backends.whoosh.store import INFO_FILE, open_index
from indexer.errors import IndexUnavailable
from search.cli import cli


@pytest.fixture
def index_dir(tmp_path):
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"title": "Harbour", "body": "The harbour opens.",
                                  "url": "https://f.test/1"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix"),
                                      "--no-entities"])
    assert result.exit_code == 0, result.output
    return tmp_path / "ix"


def test_an_index_records_its_format_and_its_segments_carry_the_codec(index_dir):
    info = json.loads((index_dir / INFO_FILE).read_text())
    assert (info["format"], info["format_version"]) == (FORMAT_NAME, FORMAT_VERSION)
    segments = open_index(index_dir)._segments()
    assert segments and all(type(s.codec()) is NewsdexCodec for s in segments)
    assert all(s.codec().version == FORMAT_VERSION for s in segments)
    checked = CliRunner().invoke(cli, ["check", "--index", str(index_dir)])
    assert checked.exit_code == 0 and f"format {FORMAT_NAME} {FORMAT_VERSION}" in checked.output


def _older(index_dir, how: str) -> None:
    info = json.loads((index_dir / INFO_FILE).read_text())
    if how == "no format":
        (index_dir / INFO_FILE).write_text(json.dumps({"schema_version": 3}))
    elif how == "next version":
        (index_dir / INFO_FILE).write_text(json.dumps({**info, "format_version": 99}))
    elif how == "other format":
        (index_dir / INFO_FILE).write_text(json.dumps({**info, "format": "lucene-9"}))
    else:  # a schema pickled with a module path this newsdex no longer has
        toc = next(index_dir.glob("_newsdex_*.toc"))
        old, gone = b"indexer.backends.whoosh.analysis", b"indexer.backends.whoosh.analysiz"
        assert old in toc.read_bytes() and len(old) == len(gone)
        toc.write_bytes(toc.read_bytes().replace(old, gone))


HOW = ["no format", "next version", "other format", "moved module"]
COMMANDS = [("search", "harbour"), ("show", "https://f.test/1"), ("stats",),
            ("complete", "har"), ("delete", "https://f.test/1"), ("optimize",), ("check",),
            ("search", "--json", "harbour")]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_index_of_another_format_is_refused_with_what_to_run(index_dir, how, command):
    _older(index_dir, how)
    result = CliRunner().invoke(cli, [*command, "--index", str(index_dir)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    assert "newsdex check" in result.output and "index the sources again" in result.output


@pytest.mark.parametrize("how", HOW)
def test_the_web_says_so_too(index_dir, how):
    from web import create_app

    _older(index_dir, how)
    with pytest.raises(IndexUnavailable, match="newsdex check"):
        create_app(index_dir)  # `newsdex serve` prints this and exits 1
    client = create_app(index_dir, {"NEWSDEX_LAZY_INDEX": True}).test_client()
    for url in ("/", "/api/search?q=harbour", "/api/articles/https://f.test/1",
                "/api/export.jsonl"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert b"newsdex check" in response.data, url
