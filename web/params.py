"""Query-string parameters shared by the search page and the JSON API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from werkzeug.datastructures import MultiDict

from search.errors import QueryError
from search.request import (
    DEFAULT_FACETS,
    FILTER_FIELDS,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    SearchRequest,
)

PER_PAGE = 10
FACET_SIZE = 10
MAX_FACET_SIZE = 1000
MAX_QUERY_CHARS = 2000
DAY_PATTERN = r"\d{4}-\d{2}-\d{2}"  # a date parameter or filter value (also in the API document)
_DAY = re.compile(DAY_PATTERN)
# Every parameter a search accepts, in the order links are built with.
SEARCH_PARAMS = ("q", *FILTER_FIELDS, "since", "until", "sort", "page", "per_page", "facet_size",
                 "match", "cross_lang")
# Parameters whose schema is a date, a number or a choice: the API refuses them empty (the
# search page's form sends empty fields, so there an empty one means "not given").
TYPED_PARAMS = ("since", "until", "sort", "page", "per_page", "facet_size", "match",
                "cross_lang", "limit")
CROSS_LANG_VALUES = ("0", "1", "true", "false", "on", "off")
PAGE_CROSS_LANG = "1"  # the page's switch when a link does not say: on (the API's: off)


class ParamError(QueryError):
    """A query-string parameter with a value that cannot be used; `param` names it."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


def _day(args: Mapping, name: str) -> date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    if not _DAY.fullmatch(text):
        raise ParamError(name, f"{name} must be a date as YYYY-MM-DD, not {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ParamError(name, f"{name} is not a real date: {text!r}") from None


def parse_int(args: Mapping, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]; absent or empty means `default`."""
    text = (args.get(name) or "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ParamError(name, f"{name} must be a whole number, not {text!r}") from None
    if not low <= value <= high:
        raise ParamError(name, f"{name} must be between {low} and {high}, not {value}")
    return value


def filters_of(args: MultiDict) -> dict[str, list[str]]:
    """The repeatable filters (person, place, org, source, lang, date) with a value."""
    found = {}
    for name in FILTER_FIELDS:
        values = [v.strip() for v in args.getlist(name) if v and v.strip()]
        if values:
            found[name] = list(dict.fromkeys(values))
    return found


def reject_empty(args: MultiDict) -> None:
    """ParamError for a date, number or choice parameter given with an empty value."""
    for name in TYPED_PARAMS:
        if name in args and not (args.get(name) or "").strip():
            raise ParamError(name, f"{name} is empty: give a value or leave the parameter out")


def cross_lang_given(args: MultiDict) -> str | None:
    """The switch's state as given: the last non-blank `cross_lang` (the page's form sends
    0 before its checkbox's 1), lower-cased; None when there is none."""
    given = [v.strip().lower() for v in args.getlist("cross_lang") if v.strip()]
    return given[-1] if given else None


def parse_search(args: MultiDict, strict: bool = False) -> SearchRequest:
    """A validated `SearchRequest` from query-string arguments; ParamError names a bad one.

    `strict` (the JSON API): an empty date, number or choice is an error, as its schema says.
    """
    if strict:
        reject_empty(args)
    query = (args.get("q") or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise ParamError("q", f"q is longer than {MAX_QUERY_CHARS} characters")
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise ParamError("sort", f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    for value in args.getlist("date"):
        if value.strip() and not _DAY.fullmatch(value.strip()):
            raise ParamError("date", f"date must be YYYY-MM-DD, not {value!r}")
    since, until = _day(args, "since"), _day(args, "until")
    if since and until and since > until:
        raise ParamError("since", f"since ({since}) is after until ({until}): no article "
                                  "can match")
    match = (args.get("match") or "all").strip()
    if match not in ("all", "any"):
        raise ParamError("match", f"match must be 'all' or 'any', not {match!r}")
    # Absent, the page's switch is on (as its form is) and the API's off (as documented).
    cross = cross_lang_given(args) or ("0" if strict else PAGE_CROSS_LANG)
    if cross not in CROSS_LANG_VALUES:
        raise ParamError("cross_lang", f"cross_lang must be 1 or 0, not {cross!r}")
    request = SearchRequest(
        query=query, filters=filters_of(args), since=since, until=until, sort=sort,
        page=parse_int(args, "page", 1, 1, MAX_PAGE),
        per_page=parse_int(args, "per_page", PER_PAGE, 1, MAX_PER_PAGE),
        facets=DEFAULT_FACETS,
        facet_size=parse_int(args, "facet_size", FACET_SIZE, 0, MAX_FACET_SIZE),
        match=match, cross_lang=cross in ("1", "true", "on"),
    )
    request.validate()
    return request
