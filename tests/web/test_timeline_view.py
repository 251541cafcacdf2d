"""The timeline's view model: a daily histogram of a few days is drawn as a week of days
(the matches' days kept, in the middle), other histograms as they are."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from search.results import Bucket, Histogram
from web.views import MIN_DAY_BARS, padded


def _days(start: date, counts: list[int]) -> Histogram:
    return Histogram("day", [Bucket((start + timedelta(days=i)).isoformat(),
                                    (start + timedelta(days=i)).isoformat(), c)
                             for i, c in enumerate(counts)])


@given(st.dates(date(1990, 1, 1), date(2090, 1, 1)),
       st.lists(st.integers(0, 50), min_size=1, max_size=12))
def test_a_few_days_become_a_week_of_consecutive_days(start, counts):
    hist = _days(start, counts)
    drawn = padded(hist)
    assert len(drawn) == max(MIN_DAY_BARS, len(counts))
    days = [date.fromisoformat(b.start) for b in drawn]
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]
    at = days.index(start)
    assert drawn[at:at + len(counts)] == hist.buckets  # kept, in order
    assert sum(b.count for b in drawn) == sum(counts)
    before, after = at, len(drawn) - at - len(counts)
    assert abs(before - after) <= 1  # in the middle


@given(st.sampled_from(["week", "month", "year"]), st.integers(1, 3))
def test_other_intervals_are_drawn_as_they_are(interval, size):
    hist = Histogram(interval, [Bucket(f"k{i}", "2022-01-01", i) for i in range(size)])
    assert padded(hist) == hist.buckets
