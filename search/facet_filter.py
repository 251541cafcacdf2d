"""The facet find box's rule, for every backend: values whose label contains the typed text."""

from __future__ import annotations

from search.results import FacetValue


def labels_containing(values: list[FacetValue], contains: str, limit: int) -> list[FacetValue]:
    """The counted `values` whose label (or value) contains `contains` in any case or script
    ("Куп" finds Kupiansk): labels with a word starting so first, then by the given order."""
    from anyascii import anyascii

    needles = {contains.strip().casefold(), anyascii(contains.strip()).casefold()}

    def rank(v: FacetValue) -> int | None:
        label = v.label.casefold()
        if any(label.startswith(n) or f" {n}" in label for n in needles):
            return 0
        if any(n in label or n in v.value.casefold() for n in needles):
            return 1
        return None

    found = [(r, v) for v in values if v.count and (r := rank(v)) is not None]
    found.sort(key=lambda pair: pair[0])  # stable: the given order within each rank
    return [v for _r, v in found[:limit]]
