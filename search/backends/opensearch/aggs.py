"""Facets and the timeline as OpenSearch aggregations, and their values as `FacetValue`s.

Counting follows the Whoosh backend (`search.backends.whoosh.facets`): a facet counts the
matches under every filter but its own (multi-select), values by count then by value,
every selected value shown even outside the top; the timeline's interval follows the span
of the matched days (day up to 60 days, week up to 420, month up to 15 years, else year),
bars from the first matched period to the last with empty ones included, and the undated
matches counted apart. Labels: an entity's name from the `<kind>_entity` JSON the writer
stores, a source as first written, a language's name.
"""

from __future__ import annotations

import json
from datetime import date

from search.backends.opensearch.dsl import field_name
from search.request import NO_SOURCE, NO_SOURCE_LABEL
from search.results import LANGUAGE_LABELS, Bucket, FacetValue, Histogram

ENTITY_KINDS = ("person", "place", "org")
MAX_VALUES = 10_000  # values of one facet read at once (find box, completion)
INTERVALS = {"day": "day", "week": "week", "month": "month", "year": "year"}


def terms_agg(name: str, size: int, include: list[str] | None = None) -> dict:
    """A terms aggregation over facet `name`: the top `size` values, or exactly `include`."""
    body: dict = {"field": field_name(name), "size": max(size, 1),
                  "order": [{"_count": "desc"}, {"_key": "asc"}]}
    if size > 10:
        body["shard_size"] = size * 2 + 100
    if include is not None:
        body["include"] = include
        body["size"] = max(len(include), 1)
    if name == "date":
        body["format"] = "yyyy-MM-dd"
    return {"terms": body}


def facet_aggs(name: str, other_filters: list[dict], size: int, selected: list[str]) -> dict:
    """The aggregation of one facet in a search: its matches under the other filters."""
    inner: dict = {}
    if size > 0:
        inner["top"] = terms_agg(name, size)
    if selected:
        inner["selected"] = terms_agg(name, 0, include=selected)
    if not inner:
        inner["top"] = terms_agg(name, 1)
    if name == "source":  # the bucket of matches without a source
        inner["none"] = {"missing": {"field": field_name(name)}}
    return {"filter": {"bool": {"filter": other_filters}}, "aggs": inner}


def bucket_key(bucket: dict) -> str:
    """The facet value of a terms bucket (dates formatted as days)."""
    return str(bucket.get("key_as_string", bucket["key"]))


def counted(result: dict, size: int, selected: list[str]) -> list[tuple[str, int]]:
    """(value, count) pairs of a `facet_aggs` result: the top `size`, then selected ones."""
    pairs = [(bucket_key(b), b["doc_count"]) for b in result.get("top", {}).get("buckets", [])
             if b["doc_count"] > 0][:size]
    seen = {v for v, _c in pairs}
    found = {bucket_key(b): b["doc_count"] for b in result.get("selected", {}).get("buckets", [])}
    for value in selected:
        if value not in seen and not ("none" in result and value == NO_SOURCE):
            pairs.append((value, found.get(value, 0)))
            seen.add(value)
    if "none" in result and (result["none"]["doc_count"] or NO_SOURCE in selected):
        pairs.append((NO_SOURCE, result["none"]["doc_count"]))
    return pairs


def label_aggs(name: str, values: list[str]) -> dict | None:
    """The aggregation that finds labels of `values` of facet `name` (None: no need)."""
    if name in ENTITY_KINDS:
        return {"filter": {"terms": {name: values}},
                "aggs": {"labels": {"terms": {"field": f"{name}_entity",
                                              "size": min(MAX_VALUES, 50 * len(values))}}}}
    if name == "source":
        return {"filter": {"terms": {"source.lower": values}},
                "aggs": {"labels": {"terms": {"field": "source",
                                              "size": min(MAX_VALUES, 4 * len(values))}}}}
    return None


def read_labels(name: str, result: dict) -> dict[str, tuple[str, dict]]:
    """value -> (label, extra) from a `label_aggs` result."""
    out: dict[str, tuple[str, dict]] = {}
    for bucket in result.get("labels", {}).get("buckets", []):
        if name == "source":
            out.setdefault(str(bucket["key"]).lower(), (str(bucket["key"]), {}))
            continue
        try:
            entity = json.loads(bucket["key"])
        except (TypeError, ValueError):
            continue
        extra = {k: entity.get(k) for k in ("lat", "lon", "country")} if name == "place" else {}
        out.setdefault(entity.get("id", ""), (entity.get("name") or entity.get("id", ""),
                                               extra))
    return out


def simple_label(name: str, value: str) -> tuple[str, dict] | None:
    """The label of a value that needs no lookup (languages, dates)."""
    if name == "lang":
        return LANGUAGE_LABELS.get(value, value), {}
    if name == "source" and value == NO_SOURCE:
        return NO_SOURCE_LABEL, {}
    if name == "date":
        return value, {}
    return None


def facet_values(name: str, pairs: list[tuple[str, int]], labels: dict,
                 selected: list[str]) -> list[FacetValue]:
    """`FacetValue`s of (value, count) pairs with their labels."""
    out = []
    for value, count in pairs:
        label, extra = simple_label(name, value) or labels.get((name, value), (value, {}))
        out.append(FacetValue(value=value, label=label, count=int(count),
                              selected=value in selected, extra=dict(extra)))
    return out


def span_aggs() -> dict:
    """First and last publication and how many matches have one."""
    return {"first": {"min": {"field": "published"}},
            "last": {"max": {"field": "published"}},
            "dated": {"value_count": {"field": "published"}}}


def interval_of(first: date, last: date) -> str:
    """The histogram interval for matches from `first` to `last` (Kibana-like, <= ~60 bars)."""
    span = (last - first).days
    return ("day" if span <= 60 else "week" if span <= 420
            else "month" if span <= 15 * 366 else "year")


def histogram_agg(interval: str, first: date, last: date) -> dict:
    """A date_histogram from the period of `first` to that of `last`, empty bars included."""
    return {"date_histogram": {
        "field": "published", "calendar_interval": INTERVALS[interval], "min_doc_count": 0,
        "format": "yyyy-MM-dd",
        "extended_bounds": {"min": first.isoformat(), "max": last.isoformat()}}}


def histogram(interval: str, buckets: list[dict], undated: int) -> Histogram:
    """The `Histogram` of date_histogram buckets (keys as the Whoosh backend writes them)."""
    out = []
    for bucket in buckets:
        day = bucket["key_as_string"][:10]
        key = {"day": day, "week": day, "month": day[:7], "year": day[:4]}[interval]
        out.append(Bucket(key=key, start=day, count=int(bucket["doc_count"])))
    return Histogram(interval=interval, buckets=out, undated=undated)


def day_of(value: str | None) -> date | None:
    """The day of an aggregation's date string (None when there is none)."""
    return date.fromisoformat(value[:10]) if value else None
