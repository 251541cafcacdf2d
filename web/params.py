"""Query-string parameters shared by the search page and the JSON API: validated by the
one parameter table of `web.param_table` (which the OpenAPI document is built from too)."""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.datastructures import MultiDict

from search.request import DEFAULT_FACETS, FILTER_FIELDS, SearchRequest
from web.param_table import (
    BY_NAME,
    CROSS_LANG_VALUES,
    CROSS_RULES,
    DAY_PATTERN,
    PARAMS,
    ParamError,
    parse_params,
)

PER_PAGE = BY_NAME["per_page"].default
FACET_SIZE = BY_NAME["facet_size"].default
MAX_FACET_SIZE = BY_NAME["facet_size"].maximum
MAX_QUERY_CHARS = BY_NAME["q"].max_length
# Every parameter a search accepts, in the order links are built with.
SEARCH_PARAMS = tuple(p.name for p in PARAMS if "search" in p.operations)
# Parameters whose schema is a date, a number or a choice: the API refuses them empty (the
# search page's form sends empty fields, so there an empty one means "not given").
TYPED_PARAMS = tuple(p.name for p in PARAMS if p.typed and p.where == "query")
PAGE_CROSS_LANG = BY_NAME["cross_lang"].default  # the page's switch when a link does not
# say: on (the API's: off)
__all__ = ["CROSS_LANG_VALUES", "CROSS_RULES", "DAY_PATTERN", "ParamError", "parse_search"]


def parse_int(args: Mapping, name: str) -> int:
    """An integer parameter of the table within its range; absent or empty: its default."""
    return BY_NAME[name].parse(args, strict=False)


def filters_of(args: MultiDict) -> dict[str, list[str]]:
    """The repeatable filters (person, place, org, source, lang, date) with a value."""
    found = {}
    for name in FILTER_FIELDS:
        values = [v.strip() for v in args.getlist(name) if v and v.strip()]
        if values:
            found[name] = list(dict.fromkeys(values))
    return found


def cross_lang_given(args: MultiDict) -> str | None:
    """The switch's state as given: the last non-blank `cross_lang` (the page's form sends
    0 before its checkbox's 1), lower-cased; None when there is none."""
    given = [v.strip().lower() for v in args.getlist("cross_lang") if v.strip()]
    return given[-1] if given else None


def parse_search(args: MultiDict, strict: bool = False,
                 operation: str | None = None) -> SearchRequest:
    """A validated `SearchRequest` from query-string arguments; ParamError names a bad one.

    Every parameter is checked by the table (`web.param_table`) for `operation` (default:
    "search" when `strict`, the JSON API, else "page"); `strict`: an empty date, number or
    choice is an error, as its schema says. Then the one rule across parameters: `since`
    after `until` is an error naming `since`.
    """
    values = parse_params(operation or ("search" if strict else "page"), args, strict)
    since, until = values["since"], values["until"]
    if since and until and since > until:
        raise ParamError("since", f"since ({since}) is after until ({until}): no article "
                                  "can match")
    request = SearchRequest(
        query=values["q"], filters={name: values[name] for name in FILTER_FIELDS
                                    if values[name]},
        since=since, until=until, sort=values["sort"], page=values["page"],
        per_page=values["per_page"], facets=DEFAULT_FACETS, facet_size=values["facet_size"],
        match=values["match"], cross_lang=values["cross_lang"] in ("1", "true", "on"),
    )
    request.validate()
    return request
