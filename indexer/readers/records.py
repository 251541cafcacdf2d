"""Structured records (a JSON object, a CSV row) to Articles: field names, dates, languages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from indexer.article import Article
from indexer.errors import NewsdexError, Skipped
from indexer.readers.clean import clean_body, normalize_text

# Our field -> the input names tried, in order, when the field map does not name one.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("body", "text", "content"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubDate", "published_at", "publishedAt",
                  "datePublished"),
    "source": ("source",),
    "language": ("language", "lang"),
    "authors": ("authors", "author"),
}

_LANGUAGE_NAMES = {
    "en": "en", "eng": "en", "english": "en", "англійська": "en", "английский": "en",
    "uk": "uk", "ua": "uk", "ukr": "uk", "ukrainian": "uk", "українська": "uk", "укр": "uk",
    "украинский": "uk",
    "ru": "ru", "rus": "ru", "russian": "ru", "російська": "ru", "русский": "ru", "рус": "ru",
}
_AUTHOR_SEPARATORS = re.compile(r"\s*[;,]\s*")
_BY = re.compile(r"^(?:by|від|автор|автор:)\s+", re.I)
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d\d")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d\d)(?::(\d\d))?)?$")
_DATEPARSER_SETTINGS = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # no "yesterday"
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["year", "month"],
}


def check_field_map(field_map: Mapping[str, str] | None) -> dict[str, str]:
    """The field map as a dict; NewsdexError if it names a field articles do not have."""
    fields = dict(field_map or {})
    unknown = sorted(set(fields) - set(FIELD_ALIASES))
    if unknown:
        raise NewsdexError(
            f"unknown field(s) in field map: {', '.join(unknown)} "
            f"(known: {', '.join(FIELD_ALIASES)})"
        )
    return fields


def record_to_article(record: Mapping[str, Any], origin: str,
                      field_map: Mapping[str, str]) -> Article | Skipped:
    """One JSON object or CSV row as an Article, or Skipped when it has no body."""
    fields = {name: _lookup(record, name, field_map) for name in FIELD_ALIASES}
    wanted = field_map.get("body") or "/".join(FIELD_ALIASES["body"])
    title = " ".join(normalize_text(_as_text(fields["title"])).split())
    raw_body = _as_text(fields["body"], paragraphs=True)
    if not raw_body.strip():
        return Skipped(origin, f"record has no body ({wanted})")
    body = clean_body(title, raw_body)
    if not body:
        return Skipped(origin, "record body is empty after cleaning")
    url = _as_text(fields["url"]).strip() or None
    source = _source_name(fields["source"]) or (source_from_url(url) if url else None)
    return Article(
        title=title,
        body=body,
        url=url,
        source=source,
        published=parse_date(fields["published"]),
        language=normalize_language(_as_text(fields["language"])),
        authors=split_authors(fields["authors"]),
        origin=origin,
    )


def _lookup(record: Mapping[str, Any], name: str, field_map: Mapping[str, str]) -> Any:
    """The value of one of our fields in a record: mapped name, else the usual aliases."""
    keys = (field_map[name],) if name in field_map else FIELD_ALIASES[name]
    folded = {str(k).strip().casefold(): k for k in record}
    for key in keys:
        if key in record:
            value = record[key]
        elif key.strip().casefold() in folded:
            value = record[folded[key.strip().casefold()]]
        elif "." in key:
            value = _dotted(record, key)
        else:
            continue
        if value not in (None, "", []):
            return value
    return None


def _dotted(record: Mapping[str, Any], path: str) -> Any:
    """A nested value named like "content.text", or None."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _as_text(value: Any, paragraphs: bool = False) -> str:
    """A field value as a string (lists joined, None empty)."""
    if value is None:
        return ""
    if isinstance(value, list):
        sep = "\n\n" if paragraphs else " "
        return sep.join(_as_text(v) for v in value if v not in (None, ""))
    if isinstance(value, Mapping):
        return _as_text(value.get("name") or value.get("text") or value.get("value"))
    return str(value)


def _source_name(value: Any) -> str | None:
    """The source's name: a string, or the "name" of an object like NewsAPI's."""
    text = " ".join(_as_text(value).split())
    return text or None


def source_from_url(url: str) -> str | None:
    """The host of a URL without "www.", e.g. "bbc.co.uk"; None if it has none."""
    parts = urlsplit(url.strip())
    if not parts.netloc and not parts.scheme and "." in url.split("/", 1)[0]:
        parts = urlsplit("//" + url.strip())  # "example.com/news/1"
    host = (parts.hostname or "").removeprefix("www.")
    return host or None


def normalize_language(value: str | None) -> str | None:
    """ISO 639-1 code from a language tag or name ("uk-UA", "ukr", "Ukrainian" -> "uk")."""
    if not value:
        return None
    low = value.strip().casefold().replace("_", "-")
    if low in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[low]
    primary = low.split("-", 1)[0]
    if primary in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[primary]
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None


def split_authors(value: Any) -> list[str]:
    """Author names from a list, an object, or a comma/semicolon-separated string."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        text = _as_text(item)
        for part in _AUTHOR_SEPARATORS.split(text):
            name = _BY.sub("", " ".join(part.split()))
            if name and name not in names:
                names.append(name)
    return names


def parse_date(value: Any) -> datetime | None:
    """A publication date as a naive UTC datetime (ISO 8601, RFC 2822, epoch, or free text)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _naive_utc(value)
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds
        try:
            return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    text = " ".join(str(value).split())
    if not text:
        return None
    for parse in (datetime.fromisoformat, _rfc2822, _day_month_year, _dateparser):
        try:
            parsed = parse(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if parsed is not None and 1800 <= parsed.year <= 2200:
            return _naive_utc(parsed)
    return None


def _rfc2822(text: str) -> datetime | None:
    """An e-mail/RSS style date ("Sat, 10 Sep 2022 12:00:00 +0300"), else None."""
    return parsedate_to_datetime(text) if _RFC2822.match(text) else None


def _day_month_year(text: str) -> datetime | None:
    """A dotted numeric date, always day first in uk/ru/European use ("10.09.2022 14:30")."""
    match = _DOTTED.match(text)
    if not match:
        return None
    day, month, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    return datetime(year, month, day, hour, minute, second)


def _naive_utc(moment: datetime) -> datetime:
    """An aware datetime converted to UTC without tzinfo; a naive one as it is."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _dateparser(text: str) -> datetime | None:
    """dateparser's reading of a date in English, Ukrainian or Russian."""
    return _dateparser_module().parse(
        text, languages=["en", "uk", "ru"], settings=_DATEPARSER_SETTINGS
    )


@cache
def _dateparser_module() -> Any:
    """dateparser, imported on first need (it takes a while to load)."""
    import dateparser

    return dateparser
