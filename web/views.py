"""View models of the pages: timeline bars, pagination, filter chips, marked article text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from search.results import Bucket, FacetValue, Histogram
from web.links import FILTER_LABELS, Links

CHART_WIDTH, CHART_HEIGHT = 600, 90
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass
class Bar:
    """One bar of the timeline chart (SVG coordinates) with the link that narrows to it."""

    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    since: str
    until: str
    href: str


def bucket_end(start: date, interval: str) -> date:
    """The last day of the histogram bucket that starts on `start`."""
    if interval == "day":
        return start
    if interval == "week":
        return start + timedelta(days=6)
    if interval == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return date(start.year, 12, 31)


MIN_DAY_BARS = 7  # a day or a few: a week of days, the matches' days in the middle


def padded(hist: Histogram) -> list[Bucket]:
    """The buckets to draw: a daily histogram of fewer than MIN_DAY_BARS days gets empty
    days on both sides, so one day is one bar of a week, not the chart's whole width."""
    buckets = list(hist.buckets)
    if hist.interval != "day" or not buckets or len(buckets) >= MIN_DAY_BARS:
        return buckets
    missing = MIN_DAY_BARS - len(buckets)
    first = date.fromisoformat(buckets[0].start)
    last = date.fromisoformat(buckets[-1].start)
    before = [first - timedelta(days=n) for n in range(missing // 2, 0, -1)]
    after = [last + timedelta(days=n) for n in range(1, missing - missing // 2 + 1)]
    return ([Bucket(key=d.isoformat(), start=d.isoformat(), count=0) for d in before]
            + buckets + [Bucket(key=d.isoformat(), start=d.isoformat(), count=0)
                         for d in after])


def timeline(hist: Histogram | None, links: Links) -> list[Bar]:
    """The histogram as SVG bars, each linking to since/until of its bucket."""
    if not hist or not hist.buckets:
        return []
    buckets = padded(hist)
    top = max(b.count for b in buckets) or 1
    step = CHART_WIDTH / len(buckets)
    gap = min(2.0, step * 0.2)
    bars = []
    for i, bucket in enumerate(buckets):
        start = date.fromisoformat(bucket.start)
        end = bucket_end(start, hist.interval)
        # An empty bucket has no bar (its zone still links); any other is at least 1 px.
        height = (max(1.0, round(bucket.count / top * (CHART_HEIGHT - 2), 2))
                  if bucket.count else 0.0)
        noun = "article" if bucket.count == 1 else "articles"
        bars.append(Bar(
            x=round(i * step + gap / 2, 2), y=round(CHART_HEIGHT - height, 2),
            width=round(step - gap, 2), height=height, count=bucket.count,
            label=f"{bucket.key}: {bucket.count} {noun}", since=start.isoformat(),
            until=end.isoformat(),
            href=links.set(since=start.isoformat(), until=end.isoformat()),
        ))
    return bars


def ticks(bars: list[Bar], most: int = 5) -> list[str]:
    """Axis labels: the first days of up to `most` evenly spaced bars, first and last
    included (the page spaces them evenly, as the bars are)."""
    if not bars:
        return []
    if len(bars) <= most:
        return [b.since for b in bars]
    picks = sorted({round(k * (len(bars) - 1) / (most - 1)) for k in range(most)})
    return [bars[i].since for i in picks]


def pages(current: int, total: int, per_page: int, max_page: int) -> list[int | None]:
    """Page numbers to link (None for a gap): first, last and two around the current."""
    last = min(max(1, -(-total // per_page)), max_page)
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


@dataclass
class Chip:
    """An active filter with the link that removes it."""

    name: str
    kind: str
    value: str
    label: str
    remove: str


def chips(links: Links, facets: dict[str, list[FacetValue]], resolve) -> list[Chip]:
    """Active filters (and dates) as removable chips, labelled with the facet's display name."""
    out = []
    for name, value in links.pairs:
        if name not in FILTER_LABELS:
            continue
        label = value
        ids = resolve(name, value)
        for facet_value in facets.get(name, []):
            if facet_value.value in ids:
                label = facet_value.label
                break
        out.append(Chip(name=name, kind=FILTER_LABELS[name], value=value, label=label,
                        remove=links.remove(name, value)))
    return out


def toggle(links: Links, name: str, value: FacetValue, resolve) -> str:
    """Link that selects `value` of facet `name`, or removes every parameter naming it."""
    if not value.selected:
        return links.add(name, value.value)
    given = [v for k, v in links.pairs if k == name and value.value in resolve(name, v)]
    return links.remove(name, *(given or [value.value]))


def safe_url(url: str | None) -> str | None:
    """`url` when it is http(s) (safe to link), else None (shown as text, if at all)."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


@dataclass
class Piece:
    """A run of article text, or a mention of an entity linking to a filtered search."""

    text: str
    kind: str | None = None
    name: str | None = None
    href: str | None = None


_PARAM = {"person": "person", "place": "place", "org": "org", "date": "date"}


def _offset(title: str, body: str, mentions: list[dict]) -> int:
    """Mention offsets are into `title + "\\n\\n" + body` (body only when untitled)."""
    shift = len(title) + 2

    def fits(delta: int) -> int:
        return sum(1 for m in mentions
                   if m["start"] - delta >= 0 and body[m["start"] - delta:m["end"] - delta]
                   == m.get("text"))

    return shift if fits(shift) >= fits(0) else 0


def marked_body(title: str, body: str, mentions: list[dict], link) -> list[list[Piece]]:
    """Body paragraphs as pieces with every mention that lies in the body made a link."""
    shift = _offset(title, body, mentions)
    pieces: list[Piece] = []
    at = 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        start, end = m["start"] - shift, m["end"] - shift
        if start < at or end > len(body) or m["type"] not in _PARAM:
            continue  # in the title, overlapping an earlier mention, or out of range
        if body[start:end] != m.get("text", body[start:end]):
            continue
        if start > at:
            pieces.append(Piece(body[at:start]))
        pieces.append(Piece(body[start:end], m["type"], m.get("name") or m["id"],
                            link(_PARAM[m["type"]], m["id"])))
        at = end
    pieces.append(Piece(body[at:]))
    paragraphs: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.kind:
            paragraphs[-1].append(piece)
            continue
        parts = _PARAGRAPH.split(piece.text)
        for i, part in enumerate(parts):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Piece(part))
    return [p for p in paragraphs if p]
