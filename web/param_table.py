"""The one table of query and path parameters: the OpenAPI document's `parameters` and the
server's validation (search page, JSON API and exports alike) are both generated from it.

Each `Param` states its name, JSON type, format or pattern, range, enum, default, whether
it repeats, its description and the operations it belongs to; `Param.schema()` is its JSON
Schema and `Param.parse()` enforces exactly that schema, raising `ParamError` naming it.
Two rules span parameters or need a grammar, which JSON Schema cannot state; the document
states them in words (`CROSS_RULES`, also under `x-newsdex-rules` of each operation):
`since` after `until` is a 400, and `q` must parse in the query language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from search.errors import QueryError
from search.request import FILTER_FIELDS, MAX_PAGE, MAX_PER_PAGE, SORTS

DAY_PATTERN = r"\d{4}-\d{2}-\d{2}"  # a date parameter or filter value
CROSS_LANG_VALUES = ("0", "1", "true", "false", "on", "off")
SEARCH_OPS = ("page", "search", "facetValues", "exportCsv", "exportJsonl")
API_OPS = ("search", "facetValues", "exportCsv", "exportJsonl", "article", "openapi")
CROSS_RULES = {
    "since-after-until": "`since` after `until` is a 400 naming `since` (no article can "
                         "match; JSON Schema cannot compare two parameters).",
    "q-syntax": "`q` must parse in the query language (an unclosed bracket or quote, or a "
                "bad date in published:/date:, is a 400 naming `q` with its position; a "
                "grammar JSON Schema cannot state).",
}


class ParamError(QueryError):
    """A query-string parameter with a value that cannot be used; `param` names it."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class Param:
    """One parameter: its schema, its description and the operations that take it.

    `default` is what an absent (or, on the page, empty) value means; on the JSON API an
    empty value of a typed parameter (integer, enum, format) is a 400, as its schema says.
    """

    name: str
    description: str
    type: str = "string"  # "string" or "integer"
    operations: tuple[str, ...] = SEARCH_OPS
    format: str | None = None
    pattern: str | None = None  # the whole (trimmed) value matches it
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    default: Any = None
    repeatable: bool = False
    where: str = "query"
    api_default: Any = field(default=None, compare=False)  # the API's, when not the page's

    @property
    def typed(self) -> bool:
        """Whether an empty value breaks the schema (a number, a choice or a date)."""
        return self.type == "integer" or bool(self.enum) or self.format == "date"

    def schema(self) -> dict:
        """The JSON Schema of one value (of each value, when repeatable)."""
        out: dict[str, Any] = {"type": self.type}
        if self.format:
            out["format"] = self.format
        if self.pattern:
            out["pattern"] = rf"^\s*({self.pattern})?\s*$" if self.repeatable else \
                rf"^{self.pattern}$"
        for key, value in (("minimum", self.minimum), ("maximum", self.maximum),
                           ("minLength", self.min_length), ("maxLength", self.max_length)):
            if value is not None:
                out[key] = value
        if self.enum:  # a repeated parameter's blank values are ignored: allowed
            out["enum"] = list(self.enum) + ([""] if self.repeatable else [])
        default = self.api_default if self.api_default is not None else self.default
        if default is not None and not self.repeatable:
            out["default"] = default
        return {"type": "array", "items": out} if self.repeatable else out

    def openapi(self) -> dict:
        """The OpenAPI parameter object."""
        out = {"name": self.name, "in": self.where, "schema": self.schema(),
               "description": self.description, "required": self.where == "path"}
        if self.repeatable:
            out.update(style="form", explode=True)
        return out

    def _check(self, text: str) -> Any:
        """One non-blank, trimmed value checked against the schema, converted."""
        name = self.name
        if self.max_length is not None and len(text) > self.max_length:
            raise ParamError(name, f"{name} is longer than {self.max_length} characters")
        if self.type == "integer":
            try:
                value = int(text)
            except ValueError:
                raise ParamError(name, f"{name} must be a whole number, not {text!r}") from None
            if not self.minimum <= value <= self.maximum:
                raise ParamError(name, f"{name} must be between {self.minimum} and "
                                       f"{self.maximum}, not {value}")
            return value
        if self.enum and text not in self.enum:
            raise ParamError(name, f"{name} must be one of {', '.join(self.enum)}, not {text!r}")
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise ParamError(name, f"{name} must be {self.pattern_help}, not {text!r}")
        if self.format == "date":
            if not re.fullmatch(DAY_PATTERN, text):
                raise ParamError(name, f"{name} must be a date as YYYY-MM-DD, not {text!r}")
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise ParamError(name, f"{name} is not a real date: {text!r}") from None
        return text

    @property
    def pattern_help(self) -> str:
        return "YYYY-MM-DD" if self.pattern == DAY_PATTERN else f"like {self.pattern}"

    def parse(self, args: Mapping, strict: bool) -> Any:
        """The value(s) of this parameter in `args`, checked against its schema.

        Repeatable: the distinct non-blank trimmed values, in order (blank ones ignored).
        Single: the last non-blank value for `cross_lang` (the page's form sends 0 before its
        checkbox's 1), the first value otherwise; absent or blank gives the default, except that
        `strict` (the JSON API) refuses a blank typed value, as its schema does.
        """
        given = args.getlist(self.name) if hasattr(args, "getlist") else \
            ([args[self.name]] if self.name in args else [])
        if self.repeatable:
            values = [v.strip() for v in given if v and v.strip()]
            return [self._check(v) for v in dict.fromkeys(values)]
        if strict and self.typed and given and not (given[0] or "").strip():
            raise ParamError(self.name, f"{self.name} is empty: give a value or leave the "
                                        "parameter out")
        if self.name == "cross_lang":
            filled = [v.strip().lower() for v in given if v and v.strip()][-1:]
        else:
            filled = [v.strip() for v in given[:1] if v and v.strip()]
        if not filled:
            default = self.api_default if strict and self.api_default is not None \
                else self.default
            return self._check(str(default)) if self.typed and default is not None \
                else default
        return self._check(filled[0])


_FILTER_HELP = {
    "person": "Person (any spelling or id, e.g. Syrskyi, Сирський, oleksandr-syrskyi).",
    "place": "Place (any spelling or GeoNames id, e.g. Kupiansk, Купянск, 703656).",
    "org": "Organization (any spelling or id, e.g. NATO).",
    "source": "Source name (case-insensitive); (none) selects the articles without a source.",
    "lang": "Language code: en, uk or ru.",
    "date": "A date the article mentions, YYYY-MM-DD.",
}


def _filter(name: str) -> Param:
    return Param(name, _FILTER_HELP[name] + " Repeat to OR values; different filters AND. "
                 + ("Another form is a 400 " if name == "date" else "Any text is accepted ")
                 + "(empty values are ignored); a value naming nothing indexed matches no "
                 "article.", pattern=DAY_PATTERN if name == "date" else None, repeatable=True)


PARAMS: tuple[Param, ...] = (
    Param("q", "Query (Whoosh syntax: words, \"phrases\", AND/OR/NOT, wildcards, fields "
          "person:, place:, org:, date:, source:, lang:, title:, body:, published:). Empty "
          "or * matches every article. A query that does not parse is a 400 naming `q`.",
          max_length=2000, default=""),
    *(_filter(name) for name in FILTER_FIELDS),
    Param("since", "Published on or after (YYYY-MM-DD). Must not be after `until` (that is "
          "a 400). Leave it out for no lower bound; an empty value is a 400.",
          format="date", min_length=10),
    Param("until", "Published on or before (YYYY-MM-DD). Must not be before `since` (that "
          "is a 400). Leave it out for no upper bound; an empty value is a 400.",
          format="date", min_length=10),
    Param("sort", "Order.", enum=SORTS, default="relevance"),
    Param("page", f"Page number (at most {MAX_PAGE}; a page past the last match has no "
          "hits).", type="integer", minimum=1, maximum=MAX_PAGE, default=1),
    Param("per_page", "Hits per page.", type="integer", minimum=1, maximum=MAX_PER_PAGE,
          default=10),
    Param("facet_size", "Values per facet.", type="integer", minimum=0, maximum=1000,
          default=10),
    Param("match", "Bare words: all must occur, or any of them (ranked by BM25).",
          enum=("all", "any"), default="all"),
    Param("cross_lang", "1 (or true, on): names of people, places and organizations in the "
          "query also match their mentions in every language (Kupiansk finds Куп'янськ and "
          "Купянск). The API's default is 0; the search page's (and a shared link's) is 1.",
          enum=CROSS_LANG_VALUES, default="1", api_default="0"),
    Param("contains", "Part of the label (any case).", operations=("facetValues",),
          default=""),
    Param("prefix", "Start of an entity name (any case, script, apostrophes); an empty one "
          "gives no names.", max_length=200, default="", operations=("complete",)),
    Param("facet", "Facets to complete from; repeat for several (default: person, place "
          "and org).", enum=("person", "place", "org"), repeatable=True,
          operations=("complete",)),
    Param("limit", "At most this many values.", type="integer", minimum=1, maximum=1000,
          default=20, operations=("facetValues", "complete")),
    Param("name", "Facet.", enum=FILTER_FIELDS, where="path", operations=("facetValues",)),
    Param("article_id", "Article id: its normalized URL or sha1:…; slashes need no escaping "
          "(a `//` merged into `/` on the way is restored).", where="path",
          operations=("article",)),
)
BY_NAME = {p.name: p for p in PARAMS}


def params_of(operation: str) -> list[Param]:
    """The table's parameters of one operation (`page` is the HTML search page), path
    parameters first, in table order."""
    ours = [p for p in PARAMS if operation in p.operations]
    return [p for p in ours if p.where == "path"] + [p for p in ours if p.where != "path"]


def openapi_parameters(operation: str) -> list[dict]:
    """The OpenAPI `parameters` of one operation, from the table."""
    return [p.openapi() for p in params_of(operation)]


def parse_params(operation: str, args: Mapping, strict: bool,
                 path: Mapping | None = None) -> dict[str, Any]:
    """Every query parameter of `operation` checked against the table (and `path`'s
    values against the path parameters'): name -> value. Cross-parameter rules are the
    caller's (see CROSS_RULES)."""
    out = {}
    for param in params_of(operation):
        source = (path or {}) if param.where == "path" else args
        out[param.name] = param.parse(source, strict)
    return out
