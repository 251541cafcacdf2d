"""JSON Lines, JSON and CSV inputs: field mapping, dates, languages, bad records."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers import normalize_language, parse_date, read_inputs, split_authors


def read(path: Path, **kwargs) -> list[Article | Skipped]:
    """Everything read_inputs yields for one path."""
    return list(read_inputs([str(path)], **kwargs))


def write(path: Path, text: str) -> Path:
    """Write UTF-8 text and return the path."""
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_with_malformed_line(tmp_path: Path) -> None:
    path = write(tmp_path / "data.jsonl", "\n".join([
        json.dumps({"title": "One", "body": "First body.", "url": "https://www.bbc.co.uk/n/1"}),
        '{"title": "Two", "body": "broken',
        "",
        json.dumps({"title": "Three", "text": "Third body.", "date": "2022-09-10"}),
        "[1, 2]",
        json.dumps({"title": "No body"}),
    ]))
    items = read(path)
    assert [item.origin for item in items] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6)]
    one, broken, three, array, nobody = items
    assert isinstance(one, Article) and one.source == "bbc.co.uk" and one.body == "First body."
    assert isinstance(broken, Skipped) and broken.reason.startswith("malformed JSON: Unterminated")
    assert isinstance(three, Article) and three.published == datetime(2022, 9, 10)
    assert isinstance(array, Skipped) and "not a JSON object" in array.reason
    assert isinstance(nobody, Skipped) and "no body" in nobody.reason


def test_jsonl_record_fields(tmp_path: Path) -> None:
    record = {
        "headline": "Kupiansk under fire",
        "content": "Kupiansk under fire\n\nShelling continued.\n\nФото: Reuters",
        "link": "https://example.com/a?utm_source=x",
        "pubDate": "Sat, 10 Sep 2022 12:00:00 +0300",
        "source": {"id": "ex", "name": "Example News"},
        "lang": "uk-UA",
        "author": "Olena Petrenko; By John Smith",
    }
    [article] = read(write(tmp_path / "a.ndjson", json.dumps(record, ensure_ascii=False)))
    assert article == Article(
        title="Kupiansk under fire",
        body="Shelling continued.",
        url="https://example.com/a?utm_source=x",
        source="Example News",
        published=datetime(2022, 9, 10, 9, 0),
        language="uk",
        authors=["Olena Petrenko", "John Smith"],
        origin=f"{tmp_path / 'a.ndjson'}:1",
    )


def test_field_map_with_nested_and_case_insensitive_names(tmp_path: Path) -> None:
    record = {"Headline": "T", "article_text": "Mapped body.", "meta": {"when": "10.09.2022"}}
    [article] = read(
        write(tmp_path / "a.jsonl", json.dumps(record)),
        field_map={"body": "article_text", "published": "meta.when", "title": "headline"},
    )
    assert isinstance(article, Article)
    assert (article.title, article.body, article.published) == ("T", "Mapped body.",
                                                                 datetime(2022, 9, 10))


def test_mapped_body_missing_names_the_field(tmp_path: Path) -> None:
    [item] = read(write(tmp_path / "a.jsonl", '{"body": "x"}'), field_map={"body": "article"})
    assert item == Skipped(f"{tmp_path / 'a.jsonl'}:1", "record has no body (article)")


def test_json_list_of_objects(tmp_path: Path) -> None:
    path = write(tmp_path / "list.json", json.dumps(
        [{"title": "A", "body": "Body A."}, {"title": "B"}, {"title": "C", "body": "Body C."}],
        indent=2,
    ))
    items = read(path)
    assert [type(item).__name__ for item in items] == ["Article", "Skipped", "Article"]
    assert [item.origin for item in items] == [f"{path}:2", f"{path}:6", f"{path}:9"]


def test_json_list_broken_midway_keeps_what_came_before(tmp_path: Path) -> None:
    path = write(tmp_path / "list.json", '[\n{"title": "A", "body": "x"},\n{"title": \n]')
    items = read(path)
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Skipped) and items[1].origin == f"{path}:4"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ('{"title": "A", "body": "x"}', ["Article"]),
        ('{"body": "x"}\n{"body": "y"}\n', ["Article", "Article"]),
        ('{"body": "x",\n "title": }', ["Skipped"]),
        ("42", ["Skipped"]),
    ],
)
def test_json_file_shapes(tmp_path: Path, text: str, kinds: list[str]) -> None:
    assert [type(item).__name__ for item in read(write(tmp_path / "x.json", text))] == kinds


def test_csv_with_mapping_and_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path / "news.csv", (
        "Headline;article_text;URL;Date;lang;authors\n"
        '"Kupiansk; again";"First line.\n\nSecond ""quoted"" line.";'
        "https://www.pravda.com.ua/news/1;2022-09-10T12:00:00Z;ukr;A. One, B. Two\n"
        "\n"
        "No body here;;https://example.com;;;\n"
        "Short row;Body of a short row.\n"
    ))
    items = read(path, field_map={"body": "article_text", "title": "Headline"})
    assert [item.origin for item in items] == [f"{path}:2", f"{path}:6", f"{path}:7"]
    first, nobody, short = items
    assert first == Article(
        title="Kupiansk; again",
        body='First line.\n\nSecond "quoted" line.',
        url="https://www.pravda.com.ua/news/1",
        source="pravda.com.ua",
        published=datetime(2022, 9, 10, 12, 0),
        language="uk",
        authors=["A. One", "B. Two"],
        origin=f"{path}:2",
    )
    assert isinstance(nobody, Skipped) and nobody.reason == "record has no body (article_text)"
    assert isinstance(short, Article) and short.body == "Body of a short row."


def test_csv_comma_default_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "n.csv", "title,text,link\nT,\"Hello, world.\",http://x.org/1\n")
    [article] = read(path)
    assert isinstance(article, Article)
    assert (article.body, article.source) == ("Hello, world.", "x.org")


def test_csv_long_field(tmp_path: Path) -> None:
    body = "word " * 40000
    [article] = read(write(tmp_path / "long.csv", f"title,body\nT,{body}\n"))
    assert isinstance(article, Article) and len(article.body) == len(body.strip())


def test_cp1251_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "ru.jsonl"
    record = {"title": "Купянск", "body": "Вооруженные силы освободили город."}
    path.write_bytes(json.dumps(record, ensure_ascii=False).encode("cp1251"))
    [article] = read(path)
    assert isinstance(article, Article) and article.body == record["body"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-09-10", datetime(2022, 9, 10)),
        ("2022-09-10T12:30:00", datetime(2022, 9, 10, 12, 30)),
        ("2022-09-10T12:30:00Z", datetime(2022, 9, 10, 12, 30)),
        ("2022-09-10T15:30:00+03:00", datetime(2022, 9, 10, 12, 30)),
        ("Sat, 10 Sep 2022 12:00:00 GMT", datetime(2022, 9, 10, 12, 0)),
        ("Mon, 02 Mar 1987 00:00:00 -0000", datetime(1987, 3, 2)),
        ("September 10, 2022 3:00 PM", datetime(2022, 9, 10, 15, 0)),
        ("10.09.2022", datetime(2022, 9, 10)),
        ("27 лютого 2022 року", datetime(2022, 2, 27)),
        ("10 сентября 2022 года", datetime(2022, 9, 10)),
        (1662811200, datetime(2022, 9, 10, 12, 0)),
        (1662811200000, datetime(2022, 9, 10, 12, 0)),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ukr", "uk"), ("Ukrainian", "uk"), ("uk-UA", "uk"), ("UA", "uk"), ("rus", "ru"),
     ("ru_RU", "ru"), ("Русский", "ru"), ("English", "en"), ("en-GB", "en"), ("de", "de"),
     ("Klingon", None), ("", None), (None, None)],
)
def test_normalize_language(value: str | None, expected: str | None) -> None:
    assert normalize_language(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("A; B, C", ["A", "B", "C"]), (["A", {"name": "B"}], ["A", "B"]), ("By A", ["A"]),
     ("A, A", ["A"]), (None, [])],
)
def test_split_authors(value: object, expected: list[str]) -> None:
    assert split_authors(value) == expected
