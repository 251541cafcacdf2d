"""Dates in the query language (search.query_dates): `published:` and `date:`
spans compared with a slow reference that filters the stored dates in Python."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import make_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.article import Mention
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.errors import QueryError
from search.query_dates import Span, parse_range, parse_value

START = datetime(2021, 11, 1)
NOW = datetime.now(UTC).replace(tzinfo=None)
RECENT_DAYS = (1, 3, 10, 40)  # articles published this many days before the index was made


def in_span(moment: datetime | date | None, span: Span) -> bool:
    """Whether `moment` falls in `span` (the reference the tests compare with)."""
    if moment is None:
        return False
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return ((span.start is None or moment >= span.start)
            and (span.end is None or moment < span.end))


def _published(rng: random.Random, i: int) -> datetime:
    """Dates that sit on the edges of days, months and years as often as inside them."""
    day = START + timedelta(days=rng.randrange(0, 500))
    edge = rng.choice([timedelta(0), timedelta(hours=23, minutes=59, seconds=59),
                       timedelta(hours=rng.randrange(24), minutes=rng.randrange(60))])
    return day + edge


def _article(rng: random.Random, i: int, published: datetime | None, dates: list[str]):
    words = " ".join(f"w{rng.randrange(10**9)}" for _ in range(30))
    mentions = [Mention("date", d, 0, len(d), d, d) for d in dates]
    return make_article(f"Report {i}", words, url=f"https://dates.example/{i}", source="S",
                        language="en", published=published, mentions=mentions)


class Corpus(tuple):
    """(engine, articles by id), with a short repr for hypothesis's failure reports."""

    def __repr__(self) -> str:
        return f"<corpus of {len(self[1])} articles>"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A real index of 120 articles: dated over 500 days, recent ones, undated ones."""
    rng = random.Random(28)
    articles = []
    for i in range(120):
        published = _published(rng, i) if i % 10 else None
        if i < len(RECENT_DAYS):
            published = NOW - timedelta(days=RECENT_DAYS[i])
        dates = sorted({(START + timedelta(days=rng.randrange(500))).date().isoformat()
                        for _ in range(rng.randrange(3))})
        articles.append(_article(rng, i, published, dates))
    path = tmp_path_factory.mktemp("dates") / "ix"
    index_articles(articles, path, entities=False)
    engine = SearchEngine(path)
    yield Corpus((engine, {a.id: a for a in articles}))
    engine.close()


def _found(engine, query: str) -> set[str]:
    """Every article the query matches, page by page."""
    found: set[str] = set()
    page = 1
    while True:
        result = engine.search(SearchRequest(query=query, per_page=100, page=page,
                                             histogram=False, facets=()))
        found |= {h.id for h in result.hits}
        if len(found) >= result.total or not result.hits:
            assert len(found) == result.total
            return found
        page += 1


def _published_oracle(articles, span: Span) -> set[str]:
    return {i for i, a in articles.items() if in_span(a.published, span)}


def _date_oracle(articles, first: str | None, last: str | None) -> set[str]:
    return {i for i, a in articles.items()
            if any((first is None or m.id >= first) and (last is None or m.id <= last)
                   for m in a.mentions if m.type == "date")}


days = st.dates(min_value=START.date() - timedelta(days=30),
                max_value=START.date() + timedelta(days=530))
forms = st.sampled_from(["year", "month", "day"])


def _text(day, form: str) -> str:
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}", "day": day.isoformat()}[form]


def _bounds(day, form: str) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month if form != "year" else 1,
                     day.day if form == "day" else 1)
    if form == "day":
        return start, start + timedelta(days=1)
    if form == "month":
        return start, datetime(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, datetime(start.year + 1, 1, 1)


SLOW = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@SLOW
@given(day=days, form=forms, quoted=st.booleans(), field=st.sampled_from(["published", "date"]))
def test_a_date_matches_exactly_its_span(corpus, day, form, quoted, field):
    engine, articles = corpus
    text = _text(day, form)
    query = f'{field}:"{text}"' if quoted else f"{field}:{text}"
    start, end = _bounds(day, form)
    if field == "published":
        expected = _published_oracle(articles, Span(start, end))
    else:
        expected = _date_oracle(articles, start.date().isoformat(),
                                (end - timedelta(days=1)).date().isoformat())
    assert _found(engine, query) == expected, query


@SLOW
@given(low=days, high=days, low_form=forms, high_form=forms,
       open_end=st.sampled_from(["", "low", "high"]))
def test_a_range_runs_from_the_start_of_one_span_to_the_end_of_the_other(
        corpus, low, high, low_form, high_form, open_end):
    engine, articles = corpus
    low_text = "" if open_end == "low" else _text(low, low_form)
    high_text = "" if open_end == "high" else _text(high, high_form)
    query = f"published:[{low_text} TO {high_text}]"
    start = None if open_end == "low" else _bounds(low, low_form)[0]
    end = None if open_end == "high" else _bounds(high, high_form)[1]
    if start is not None and end is not None and start > end:
        with pytest.raises(QueryError, match="ends before it starts"):
            engine.search(SearchRequest(query=query))
        return
    assert _found(engine, query) == _published_oracle(articles, Span(start, end)), query


@SLOW
@given(day=days, form=forms, op=st.sampled_from([">", ">=", "<", "<="]))
def test_comparisons_use_the_span_of_their_date(corpus, day, form, op):
    engine, articles = corpus
    start, end = _bounds(day, form)
    span = {">": Span(end, None), ">=": Span(start, None), "<": Span(None, start),
            "<=": Span(None, end)}[op]
    query = f"published:{op}{_text(day, form)}"
    assert _found(engine, query) == _published_oracle(articles, span), query


@pytest.mark.parametrize(("query", "within"), [
    ("published:>now-7d", 7), ("published:last-7d", 7), ("published:>-7d", 7),
    ("published:last-2w", 14), ("published:>now-2m", 62), ("published:last-1y", 366),
])
def test_relative_ranges_count_back_from_now(corpus, query, within):
    engine, _ = corpus
    recent = {f"https://dates.example/{i}" for i, d in enumerate(RECENT_DAYS) if d < within}
    assert _found(engine, query) == recent


def test_relative_values_inside_a_span_are_computed_from_now():
    now = datetime(2024, 3, 31, 12)
    assert parse_value("published", "last-1m", now) == Span(datetime(2024, 2, 29, 12), None)
    assert parse_value("published", "<now-1d", now) == Span(None, datetime(2024, 3, 30, 12))
    assert parse_range("published", "now-1y", "now", now=now) == Span(
        datetime(2023, 3, 31, 12), datetime(2024, 3, 31, 12))


@pytest.mark.parametrize(("query", "term"), [
    ("published:bogus", "published:bogus"), ("published:2022-13", "published:2022-13"),
    ("published:2022-02-30", "published:2022-02-30"), ('published:"May 2022"', "published:may"),
    ("date:yesterday", "date:yesterday"), ("published:[2022 TO soon]", "published:soon"),
    ("published:>now-7x", "published:now-7x"), ("Kyiv AND date:2022-1-x", "date:2022-1-x"),
])
def test_bad_dates_are_query_errors_naming_the_term(corpus, query, term):
    engine, _ = corpus
    with pytest.raises(QueryError, match="is not a date") as err:
        engine.search(SearchRequest(query=query))
    assert term in str(err.value)


def test_hyphenated_words_and_dates_are_not_split_by_minus(corpus):
    engine, articles = corpus
    some = next(a for a in articles.values() if a.published and a.published < NOW - timedelta(
        days=60))
    day = some.published.date().isoformat()
    assert some.id in _found(engine, f"published:{day}")
    assert some.id not in _found(engine, f"Report -published:{day}")
