"""read_inputs on files, folders and stdin: plain text, dispatch, and inputs that go wrong."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from conftest import SHARED_DATA

from indexer.article import Article
from indexer.errors import NewsdexError, Skipped
from indexer.readers import read_inputs

DATA = SHARED_DATA
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"shared test data not found at {DATA} (a fresh clone has none)"
)


def read(*paths: Path | str, **kwargs) -> list[Article | Skipped]:
    """Everything read_inputs yields for these paths."""
    return list(read_inputs([str(p) for p in paths], **kwargs))


@needs_data
@pytest.mark.slow
def test_all_bbc_articles_are_read() -> None:
    items = read(DATA / "bbc")
    assert len(items) == 2225
    assert all(isinstance(item, Article) and item.title and item.body for item in items)
    assert Counter(Path(item.origin).parent.name for item in items)["sport"] == 511
    first = items[0]
    assert first.origin == str(DATA / "bbc" / "business" / "001.txt")
    assert first.title == "Ad sales boost Time Warner profit"
    assert first.body.startswith("Quarterly profits at US media giant TimeWarner jumped 76%")
    assert first.language is None and first.url is None


@needs_data
def test_latin1_bbc_file_decodes_pound_sign() -> None:
    [article] = read(DATA / "bbc" / "sport" / "199.txt")
    assert isinstance(article, Article)
    assert article.title == "Chelsea sack Mutu"
    assert "a £15.8m signing from Parma" in article.body
    assert "\ufffd" not in article.body


@needs_data
def test_seed_is_cleaned() -> None:
    [article] = read(next((DATA / "seed").glob("*.txt")))
    assert isinstance(article, Article)
    assert article.title == "Russia attempts to capture Kupiansk - Expert explains Russian intent"
    assert article.body.startswith("The Russians have once again become more active")
    assert "Getty Images" not in article.body and article.title not in article.body


def test_folder_is_recursive_sorted_and_skips_hidden_and_images(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second\n\nBody two.")
    (tmp_path / "a.txt").write_text("First\n\nBody one.")
    (tmp_path / "b" / "1.txt").write_text("Third\n\nBody three.")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNo.")
    (tmp_path / ".git" / "x.txt").write_text("Git\n\nNo.")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    items = read(tmp_path)
    assert [item.title for item in items if isinstance(item, Article)] == [
        "First", "Third", "Second"
    ]
    assert [item.origin for item in items] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b" / "1.txt"), str(tmp_path / "b" / "2.txt")
    ]


def test_unknown_extension_in_folder_is_reported(tmp_path: Path) -> None:
    write = Path.write_text
    write(tmp_path / "notes.xyz", "Title\n\nBody.")
    for name in ("a.ann", "b.ann", "c.ann"):
        write(tmp_path / name, "T1 PERS 0 5 Kirby")
    write(tmp_path / "story.txt", "Title\n\nBody.")
    items = read(tmp_path)
    assert [type(item).__name__ for item in items] == ["Article", "Skipped", "Skipped"]
    assert items[1] == Skipped(
        str(tmp_path), "3 files of unsupported type '.ann' left out (e.g. a.ann); "
        "pass a file by name to read it as text"
    )
    assert items[2].origin == str(tmp_path / "notes.xyz")
    assert items[2].reason.startswith("unsupported file type '.xyz'")


def test_explicit_file_with_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "story.article"
    path.write_text("A title\n\nThe body.", encoding="utf-8")
    assert read(path) == [Article(title="A title", body="The body.", origin=str(path))]


def test_missing_path() -> None:
    assert read("no/such/file.txt") == [Skipped("no/such/file.txt", "no such file or directory")]


@pytest.mark.parametrize("content", [b"", b"  \n\n\t "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert read(path) == [Skipped(str(path), "empty file")]


def test_binary_file_with_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    [item] = read(path)
    assert isinstance(item, Skipped) and item.origin == str(path)
    assert item.reason.startswith("binary file")


def test_zip_renamed_txt(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    [item] = read(path)
    assert isinstance(item, Skipped) and "zip" in item.reason


def test_cp1251_russian_text(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    text = "Сырский: оккупанты усилили наступление\n\nКупянск был оккупирован 27 февраля."
    path.write_bytes(text.encode("cp1251"))
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.title == "Сырский: оккупанты усилили наступление"
    assert article.body == "Купянск был оккупирован 27 февраля."


def test_errors_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good\n\nText.")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = read("missing.txt", empty, good)
    assert [type(item).__name__ for item in items] == ["Skipped", "Skipped", "Article"]


def test_stdin_plain_text() -> None:
    stdin = io.BytesIO("Заголовок\r\n\r\nПерший абзац.\r\n".encode())
    assert read("-", stdin=stdin) == [Article(title="Заголовок", body="Перший абзац.",
                                              origin="-")]


def test_stdin_json_lines() -> None:
    stdin = io.BytesIO(b'{"title": "One", "body": "B1"}\n{"title": "Two"}\n\n{"text": "B3"}\n')
    items = read("-", stdin=stdin)
    assert [item.origin for item in items] == ["-:1", "-:2", "-:4"]
    assert isinstance(items[1], Skipped) and "no body" in items[1].reason
    assert isinstance(items[2], Article) and items[2].body == "B3"


def test_stdin_empty() -> None:
    assert read("-", stdin=io.BytesIO(b"")) == [Skipped("-", "empty file")]


def test_unknown_field_in_map_fails_at_once() -> None:
    with pytest.raises(NewsdexError, match="bdy"):
        read_inputs(["x.jsonl"], field_map={"bdy": "text"})
