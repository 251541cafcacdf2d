"""Links of the search page: the current parameters with one filter added, removed, changed."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

from web.params import PAGE_CROSS_LANG, SEARCH_PARAMS, cross_lang_given

FILTER_LABELS = {"person": "Person", "place": "Place", "org": "Organization",
                 "source": "Source", "lang": "Language", "date": "Mentions date",
                 "since": "Published since", "until": "Published until"}


class Links:
    """Builds search URLs from the current query-string parameters (page reset on change)."""

    def __init__(self, args: MultiDict):
        self.pairs = [(k, v) for k in SEARCH_PARAMS if k != "cross_lang"
                      for v in args.getlist(k) if v.strip()]
        # the switch's state, once, in every link (absent, the page's default: on)
        self.pairs.append(("cross_lang", cross_lang_given(args) or PAGE_CROSS_LANG))

    def url(self, pairs: list[tuple[str, str]]) -> str:
        """The search page URL with these parameters (the switch last)."""
        pairs = sorted(pairs, key=lambda pair: pair[0] == "cross_lang")  # a stable sort
        base = url_for("pages.search")
        return f"{base}?{urlencode(pairs)}" if pairs else base

    def _without(self, *names: str) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.pairs if k not in names]

    def add(self, name: str, value: str) -> str:
        """Narrow to `value` of filter `name` (kept once), back to page 1."""
        pairs = self._without("page")
        if (name, value) not in pairs:
            pairs.append((name, value))
        return self.url(pairs)

    def remove(self, name: str, *values: str) -> str:
        """Drop these values of `name` (all of them when none given), back to page 1."""
        return self.url([(k, v) for k, v in self._without("page")
                         if not (k == name and (not values or v in values))])

    def set(self, **changes: str | int | None) -> str:
        """Replace single-valued parameters (None drops one); back to page 1 unless given."""
        drop = {"page", *changes}
        pairs = [(k, v) for k, v in self.pairs if k not in drop]
        pairs += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
        return self.url(pairs)

    def page(self, number: int) -> str:
        """The same search at page `number`."""
        return self.set(page=None if number == 1 else number)

    def clear(self) -> str:
        """The same query text without any filter (the switch kept as it is)."""
        return self.url([(k, v) for k, v in self.pairs
                         if k in ("q", "sort", "per_page", "cross_lang")])

    def query(self) -> str:
        """The search's parameters without paging, for export links."""
        return urlencode(self._without("page", "per_page", "facet_size"))

    def hidden(self, *skip: str) -> list[tuple[str, str]]:
        """Parameters to carry as hidden inputs in a GET form (minus `skip` and page)."""
        return self._without("page", *skip)
