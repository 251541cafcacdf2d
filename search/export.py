"""Export rows of search hits, shared by the CLI's `export` and the web's export routes.

`csv_lines(hits)` and `jsonl_lines(hits)` turn an iterator of `Hit`s into text chunks; a
CSV cell that a spreadsheet would run as a formula is prefixed with "'".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import chain

from search.highlight import as_plain
from search.results import Hit

CSV_COLUMNS = ("id", "title", "url", "source", "published", "language", "people", "places",
               "orgs", "dates")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("jsonl", "csv")


def _cell(value: str | None) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(hit: Hit) -> list[str]:
    """One export row: names of entities joined by "; "."""
    def names(items: list[dict]) -> str:
        return "; ".join(item["name"] for item in items)

    return [hit.id, _cell(as_plain(hit.title)), hit.url or "", _cell(hit.source),
            hit.published or "", hit.language, _cell(names(hit.people)),
            _cell(names(hit.places)), _cell(names(hit.orgs)), "; ".join(hit.dates)]


def started_matches(engine, request) -> Iterator[Hit]:
    """Every match of `request` from a read backend, the search already run: a QueryError
    (or IndexUnavailable) is raised here, before any row is written."""
    found = engine.iter_matches(request)
    first = next(found, None)
    return iter(()) if first is None else chain([first], found)


def csv_lines(hits: Iterable[Hit]) -> Iterator[str]:
    """A header row, then one row per hit, in chunks of about 16 KB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        writer.writerow(csv_row(hit))
        if buffer.tell() > 16_384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_lines(hits: Iterable[Hit]) -> Iterator[str]:
    """One JSON object per hit, in the shape of the search API."""
    for hit in hits:
        yield json.dumps(hit.to_dict(), ensure_ascii=False) + "\n"
