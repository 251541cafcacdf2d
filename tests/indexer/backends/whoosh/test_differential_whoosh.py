"""newsdex's storage equals plain Whoosh's: generated corpora and edits, indexed once with
newsdex's writers and codec and once with Whoosh's own (an index of PLAIN_FORMAT: stock
`FileIndex`, writers, postings pool and W3 codec, same schema and analyzers), then searched
with generated queries: the same hits in the same order, scores within 1e-6, the same facet
counts and histograms. A second oracle: Whoosh's own searcher finds the same documents in
both indexes for each parsed query."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

import pytest
from conftest import person, place
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.article import Article
from indexer.backends import index_backend
from indexer.backends.whoosh.codec.format import FORMAT_NAME
from indexer.backends.whoosh.store import PLAIN_FORMAT, open_index
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine
from search.errors import QueryError
from search.request import FILTER_FIELDS, SearchRequest

EN = ["harbour", "strike", "power", "city", "council", "river", "bridge", "the", "of",
      "running", "runs", "Kharkiv", "NATO", "U.S.", "O'Neill", "2024"]
UK = ["місто", "міста", "Харків", "Харкові", "Куп'янськ", "Куп’янськ", "війська", "та", "в"]
RU = ["город", "города", "Харьков", "Купянск", "Купянском", "войска", "ёлка", "и", "в"]
ODD = ["🙂", "🇺🇦", "\x00", "\x07", "\u200b", "e\u0301", "ǅ", "ﬁ", "١٢٣", "中文", "x" * 40]
LANGUAGES = {"en": EN, "uk": UK, "ru": RU}
MENTIONS = [person("oleksandr-syrskyi", "Oleksandr Syrskyi"), place("703656", "Kupiansk"),
            place("706483", "Kharkiv"), person("volodymyr-zelensky", "Volodymyr Zelensky")]
START = datetime(2022, 1, 1)


@st.composite
def articles(draw, number: int) -> Article:
    language = draw(st.sampled_from(sorted(LANGUAGES)))
    words = st.sampled_from(LANGUAGES[language] + ODD)
    size = draw(st.sampled_from([0, 1, 3, 12, 40, 300]))
    body = " ".join(draw(st.lists(words, min_size=size, max_size=size)))
    title = draw(st.one_of(st.just(""), st.lists(words, min_size=1, max_size=5).map(" ".join)))
    day = draw(st.one_of(st.none(), st.integers(0, 800)))
    return Article(title=title, body=body or draw(st.sampled_from(["", "stub"])),
                   url=f"https://diff.test/{number}",
                   source=draw(st.sampled_from(["Wire A", "Wire B", "Місцеві новини"])),
                   language=language,
                   published=None if day is None else START + timedelta(days=day),
                   mentions=draw(st.lists(st.sampled_from(MENTIONS), max_size=3, unique=True)))


@st.composite
def histories(draw) -> list[tuple]:
    """Steps: ("add", [articles]) (a commit each; replacements, exact and near copies
    among them), ("delete", [ids]), ("optimize",)."""
    pool = [draw(articles(n)) for n in range(draw(st.integers(1, 14)))]
    steps: list[tuple] = []
    bulk = draw(st.sampled_from([0, 0, 20, 140]))  # enough documents for posting blocks
    if bulk:  # (a term of INLINE_LIMIT postings or more gets blocks of 128)
        rng_words = draw(st.lists(st.sampled_from(EN[:8]), min_size=bulk * 3,
                                  max_size=bulk * 3))
        steps.append(("add", [Article(title=rng_words[3 * i], body=" ".join(
            rng_words[3 * i:3 * i + 3]) + f" bulk{i}", url=f"https://diff.test/bulk/{i}",
            language="en", source="Wire B") for i in range(bulk)], 1000))  # one segment
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["add", "add", "add", "delete", "optimize"]))
        if kind == "add":
            batch = []
            for article in draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8)):
                change = draw(st.sampled_from(["as is", "as is", "replace", "copy", "near"]))
                if change == "replace":
                    article = copy.copy(article)
                    article.body = f"{article.body} updated {len(steps)}"
                elif change == "copy":  # the same text at another address
                    article = copy.copy(article)
                    article.url = f"{article.url}/copy{len(steps)}"
                elif change == "near":
                    article = copy.copy(article)
                    article.url = f"{article.url}/near{len(steps)}"
                    article.body = f"{article.body} {article.body} tail"
                batch.append(article)
            steps.append(("add", batch))
        elif kind == "delete":
            steps.append(("delete", draw(st.lists(st.sampled_from(pool), max_size=3))))
        else:
            steps.append(("optimize",))
    return steps


TERMS = st.sampled_from([w for w in EN + UK + RU if w.isalpha()] + ["stub", "updated", "tail"])
FIELDS = st.sampled_from(["title", "body"])
QUERIES = st.recursive(
    st.one_of(TERMS, st.tuples(FIELDS, TERMS).map(lambda p: f"{p[0]}:{p[1]}"),
              st.lists(TERMS, min_size=2, max_size=3).map(lambda w: '"' + " ".join(w) + '"')),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} AND {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} NOT {p[1]})")),
    max_leaves=4)
REQUESTS = st.builds(
    lambda query, sort, lang, source, since, cross: SearchRequest(
        query=query, sort=sort, per_page=100, facets=FILTER_FIELDS, facet_size=50,
        filters={k: [v] for k, v in (("lang", lang), ("source", source)) if v},
        since=since, cross_lang=cross),
    st.one_of(st.just(""), QUERIES), st.sampled_from(["relevance", "newest", "oldest"]),
    st.one_of(st.none(), st.sampled_from(["en", "uk", "ru"])),
    st.one_of(st.none(), st.just("Wire A")),
    st.one_of(st.none(), st.integers(0, 800).map(lambda d: (START + timedelta(days=d)).date())),
    st.booleans())


def _build(path, storage_format: str, steps: list[tuple]) -> None:
    open_index(path, create=True, storage_format=storage_format)
    for step in steps:
        if step[0] == "add":
            index_articles([copy.deepcopy(a) for a in step[1]], path, entities=False,
                           commit_every=step[2] if len(step) > 2 else 3)
        elif step[0] == "delete":
            index_backend(path).delete(ids=[a.id for a in step[1]], wait=5)
        else:
            index_backend(path).optimize(wait=5)


def _view(result) -> dict:
    return {"total": result.total,
            "hits": [(h.id, h.copies and [c["id"] for c in h.copies]) for h in result.hits],
            "scores": [h.score for h in result.hits],
            "facets": {name: [(v.value, v.count, v.selected) for v in values]
                       for name, values in result.facets.items()},
            "histogram": result.histogram and (result.histogram.interval, [
                (b.key, b.count) for b in result.histogram.buckets],
                result.histogram.undated)}


def _same_scores(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x is y or (x is not None and y is not None and abs(x - y) <= 1e-6 * max(1, abs(y)))
        for x, y in zip(a, b, strict=True))


def _whoosh_ids(engine: SearchEngine, text: str) -> set[str] | None:
    """The ids Whoosh's own searcher finds for the query as newsdex parses it."""
    state = engine._state
    try:
        parsed = state.builder.build(text)
    except QueryError:
        return None
    searcher = state.searcher
    return {searcher.stored_fields(n)["id"] for n in searcher.docs_for_query(parsed)}


@pytest.mark.slow
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(steps=histories(), requests=st.lists(REQUESTS, min_size=4, max_size=8))
def test_newsdex_storage_answers_as_plain_whoosh(tmp_path_factory, steps, requests):
    root = tmp_path_factory.mktemp("diff")
    for storage_format in (FORMAT_NAME, PLAIN_FORMAT):
        _build(root / storage_format, storage_format, steps)
    ours, plain = SearchEngine(root / FORMAT_NAME), SearchEngine(root / PLAIN_FORMAT)
    try:
        for request in requests:
            try:
                a = _view(ours.search(request))
            except QueryError as exc:
                with pytest.raises(QueryError, match=str(exc)[:20]):
                    plain.search(request)
                continue
            b = _view(plain.search(request))
            assert _same_scores(a["scores"], b["scores"]), request
            assert {**a, "scores": None} == {**b, "scores": None}, request
            if request.query:
                assert _whoosh_ids(ours, request.query) == _whoosh_ids(plain, request.query)
    finally:
        ours.close()
        plain.close()


def test_a_100k_word_body_and_an_empty_title(tmp_path):
    words = (EN * 6250)[:100_000]
    steps = [("add", [Article(title="", body=" ".join(words), url="https://diff.test/long",
                              language="en", source="Wire A"),
                      Article(title="one", body="harbour", url="https://diff.test/one",
                              language="en")])]
    for storage_format in (FORMAT_NAME, PLAIN_FORMAT):
        _build(tmp_path / storage_format, storage_format, steps)
    engines = [SearchEngine(tmp_path / f) for f in (FORMAT_NAME, PLAIN_FORMAT)]
    for query, total in (("harbour", 2), ('"strike power"', 1), ("title:one", 1),
                         ("body:bridge NOT harbour", 0)):
        views = [_view(e.search(SearchRequest(query=query, per_page=100))) for e in engines]
        assert views[0]["total"] == total, query
        assert _same_scores(views[0]["scores"], views[1]["scores"])
        assert {**views[0], "scores": None} == {**views[1], "scores": None}
    for engine in engines:
        engine.close()
