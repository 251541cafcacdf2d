"""Dates in the query language: `published:` and `date:` values as spans of time.

`YYYY`, `YYYY-MM` and `YYYY-MM-DD` (quoted or not) each stand for that whole year, month or
day: from its first instant (inclusive) to the first instant of the next one (exclusive),
in UTC, as the index stores publication dates (naive UTC datetimes). Ranges
`[A TO B]` run from A's start to B's end (`{A TO B}` leaves the ends out; either end may be
empty); `>A`, `>=A`, `<A`, `<=A` compare with A's span. Relative values count back from now:
`now-7d` (also `-7d` in comparisons and `last-7d` on its own, which means the last 7 days
up to now); units `h` hours, `d` days, `w` weeks, `m` months, `y` years.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from search.errors import QueryError

_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_RELATIVE = re.compile(r"^(?:now)?-(\d{1,5})([hdwmy])$|^now$")
_LAST = re.compile(r"^last-?(\d{1,5})([hdwmy])$")
_COMPARISON = re.compile(r"^(>=|<=|>|<)(.+)$")
FORMS = ("YYYY, YYYY-MM, YYYY-MM-DD, [A TO B], >A, <A, now-7d, last-7d "
         "(units h, d, w, m, y)")


@dataclass(frozen=True)
class Span:
    """Instants from `start` (inclusive) to `end` (exclusive); None is open."""

    start: datetime | None
    end: datetime | None


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _back(amount: int, unit: str, now: datetime) -> datetime:
    if unit in "hdw":
        return now - timedelta(**{{"h": "hours", "d": "days", "w": "weeks"}[unit]: amount})
    return _add_months(now, -amount * (12 if unit == "y" else 1))


def _bad(field: str, value: str) -> QueryError:
    return QueryError(f"{field}:{value} is not a date; {field}: takes {FORMS}")


def span_of(field: str, value: str, now: datetime | None = None) -> Span:
    """The span that one date value stands for (no ranges or comparisons).

    Raises QueryError naming `field:value` for anything else."""
    value = value.strip().strip('"').strip().lower()
    now = now or _now()
    absolute = _ABSOLUTE.match(value)
    if absolute:
        year, month, day = (int(g) if g else None for g in absolute.groups())
        try:
            if day is not None:
                start = datetime(year, month, day)
                return Span(start, start + timedelta(days=1))
            if month is not None:
                start = datetime(year, month, 1)
                return Span(start, _add_months(start, 1))
            return Span(datetime(year, 1, 1), datetime(year + 1, 1, 1))
        except (ValueError, OverflowError) as exc:
            raise _bad(field, value) from exc
    relative = _RELATIVE.match(value)
    if relative:
        moment = now if value == "now" else _back(int(relative.group(1)), relative.group(2),
                                                  now)
        return Span(moment, moment)
    raise _bad(field, value)


def last(value: str, now: datetime | None = None) -> Span | None:
    """`last-7d`: the span from 7 days ago up to now; None when `value` is not that form."""
    found = _LAST.match(value.strip().lower())
    if not found:
        return None
    now = now or _now()
    return Span(_back(int(found.group(1)), found.group(2), now), None)


def parse_value(field: str, value: str, now: datetime | None = None) -> Span:
    """The span of a bare or quoted value: a date, `last-7d`, or a comparison `>A`."""
    value = value.strip().strip('"').strip()
    recent = last(value, now)
    if recent:
        return recent
    comparison = _COMPARISON.match(value)
    if comparison:
        op, operand = comparison.groups()
        if re.fullmatch(r"-\d{1,5}[hdwmy]", operand.strip().lower()):
            operand = "now" + operand.strip()
        span = span_of(field, operand, now)
        return {">": Span(span.end, None), ">=": Span(span.start, None),
                "<": Span(None, span.start), "<=": Span(None, span.end)}[op]
    return span_of(field, value, now)


def parse_range(field: str, low: str | None, high: str | None, low_excl: bool = False,
                high_excl: bool = False, now: datetime | None = None) -> Span:
    """`[low TO high]`: from low's start to high's end (`{}` ends: after low, before high)."""
    start = end = None
    if low:
        low_span = span_of(field, low, now)
        start = low_span.end if low_excl else low_span.start
    if high:
        high_span = span_of(field, high, now)
        end = high_span.start if high_excl else high_span.end
    if start is not None and end is not None and start > end:
        raise QueryError(f"{field}:[{low} TO {high}] ends before it starts")
    return Span(start, end)


def day_bounds(span: Span) -> tuple[str | None, str | None]:
    """The first and last day (YYYY-MM-DD, inclusive) a span touches; for `date:` terms."""
    first = span.start.date().isoformat() if span.start else None
    last_day: str | None = None
    if span.end:
        end = span.end
        whole = end.time() == datetime.min.time()
        last_day = ((end.date() - timedelta(days=1)) if whole else end.date()).isoformat()
    return first, last_day
