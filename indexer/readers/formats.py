"""Readers of one input's bytes: plain-text articles, JSON / JSON Lines, CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from indexer.article import Article
from indexer.errors import Skipped
from indexer.readers.clean import clean_text
from indexer.readers.encoding import decode
from indexer.readers.records import record_to_article

Item = Article | Skipped

_CSV_DELIMITERS = ",;\t|"
TOO_DEEP = "malformed JSON: nested too deeply (arrays or objects within each other)"
_csv_limit_raised = False


def read_text(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """A plain-text article: headline on the first line, then the body (scraped or not)."""
    title, body = clean_text(decode(data, origin))
    if not body:
        yield Skipped(origin, "no text left after cleaning")
        return
    yield Article(title=title, body=body, origin=origin)


def read_jsonl(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """JSON Lines: one article object per line; bad lines are skipped one by one."""
    yield from _jsonl_lines(decode(data, origin), origin, field_map)


def read_json(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """A JSON file: a list of article objects, one object, or JSON Lines named .json."""
    text = decode(data, origin)
    start = len(text) - len(text.lstrip())
    if text.startswith("[", start):
        yield from _json_array(text, start, origin, field_map)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # several documents: JSON Lines
            yield from _jsonl_lines(text, origin, field_map)
        else:
            yield Skipped(f"{origin}:{error.lineno}", f"malformed JSON: {_describe(error)}")
        return
    except RecursionError:
        yield Skipped(origin, TOO_DEEP)
        return
    yield _record(value, origin, field_map)


def _jsonl_lines(text: str, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """Articles of the non-blank lines of a JSON Lines text."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"malformed JSON: {_describe(error)}")
            continue
        except RecursionError:
            yield Skipped(where, TOO_DEEP)
            continue
        yield _record(value, where, field_map)


def _json_array(text: str, start: int, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """Articles of a JSON list of objects, each named by the line it starts on."""
    decoder = json.JSONDecoder()
    pos = _skip_space(text, start + 1)
    line, counted = 1, 0
    if text.startswith("]", pos):
        return
    while True:
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            yield Skipped(f"{origin}:{error.lineno}", f"malformed JSON: {_describe(error)}")
            return
        except RecursionError:  # the rest of the list cannot be found without parsing it
            yield Skipped(f"{origin}:{line}", TOO_DEEP)
            return
        yield _record(value, f"{origin}:{line}", field_map)
        pos = _skip_space(text, pos)
        if text.startswith(",", pos):
            pos = _skip_space(text, pos + 1)
        elif text.startswith("]", pos):
            return
        else:
            line += text.count("\n", counted, pos)
            yield Skipped(f"{origin}:{line}", "malformed JSON: expected ',' or ']' in the list")
            return


def _skip_space(text: str, pos: int) -> int:
    """The position of the first non-whitespace character at or after pos."""
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _describe(error: json.JSONDecodeError) -> str:
    """A JSON error as "Expecting ',' delimiter (column 17)"."""
    return f"{error.msg} (column {error.colno})"


def _record(value: Any, origin: str, field_map: Mapping[str, str]) -> Item:
    """An Article from a decoded JSON value, Skipped unless it is an object."""
    if not isinstance(value, dict):
        return Skipped(origin, f"not a JSON object but {_json_type(value)}")
    try:
        return record_to_article(value, origin, field_map)
    except RecursionError:  # a field nested deeper than the stack allows
        return Skipped(origin, TOO_DEEP)


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, with an article."""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) and not isinstance(value, bool) else (
        "a boolean"
    )


def read_csv(data: bytes, origin: str, field_map: Mapping[str, str]) -> Iterator[Item]:
    """A CSV (or TSV, semicolon-separated...) file with a header row, one article per row."""
    _allow_long_fields()
    text = decode(data, origin)
    header_line = text.lstrip("\n").split("\n", 1)[0]
    delimiter = max(_CSV_DELIMITERS, key=header_line.count)
    if not header_line.count(delimiter):
        delimiter = ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            yield Skipped(f"{origin}:{start}", f"malformed CSV: {error}")
            return
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [name.strip() for name in row]
            continue
        record = {name: cell for name, cell in zip(header, row, strict=False) if name}
        yield record_to_article(record, f"{origin}:{start}", field_map)
    if header is None:
        yield Skipped(origin, "no header row")


def _allow_long_fields() -> None:
    """Lift the csv module's 128 KiB field limit (article bodies can be longer)."""
    global _csv_limit_raised
    if not _csv_limit_raised:
        csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
        _csv_limit_raised = True
