"""Whole-query BM25F scoring in numpy (`search.backends.whoosh.bm25f`) equals Whoosh's own scores
for every
matching document, on an index of several segments with replaced and deleted articles."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from conftest import shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from indexer.backends.whoosh.writer import ArticleWriter
from indexer.pipeline import index_articles, index_paths
from search.backends.whoosh.bm25f import VectorScorer, expand_patterns, supported, top_k
from search.backends.whoosh.engine import SearchEngine, SearchRequest

QUERIES = ["government", "economy growth", "film award", "Blair -Brown", "election OR vote",
           "mobile phone", "(music OR film) AND award", "chelsea", "a", "zzzunknownzzz",
           "Blair OR zzzunknownzzz", "place:703656", "shares NOT market",
           # prefixes, wildcards and fuzzy terms: the Or of the words they expand to
           "gov*", "bank* AND loan", "econom?", "Blair -elect*", "govermnet~", "m*sic OR film",
           "title:elect*"]


@pytest.fixture(scope="module")
def bbc_index(tmp_path_factory):
    """300 BBC stories in several segments; some later re-indexed or deleted."""
    bbc = shared("bbc")  # skips, saying why, without ../shared/data
    index_dir = tmp_path_factory.mktemp("vector") / "ix"
    files = sorted(str(p) for p in bbc.rglob("*.txt"))
    picked = files[::7][:300]
    index_paths(picked[:200], index_dir, entities=False, commit_every=60)
    index_paths(picked[200:], index_dir, entities=False, commit_every=40)
    engine = SearchEngine(index_dir)
    with ArticleWriter(index_dir) as writer:
        for hit in engine.iter_matches(SearchRequest(query="said", sort="newest")):
            if zlib.crc32(hit.id.encode()) % 5 == 0:  # the same stories every run
                writer.delete(hit.id)
    engine.close()
    return index_dir


def _whoosh_scores(searcher, q) -> dict[int, float]:
    """Whoosh's score of every match. For `a -b` (AndNot), the scores of `a` outside the
    matches of `b`: Whoosh's AndNotMatcher lets through some documents that its own
    docs_for_query(b) lists when b is a union ("Blair -Brown" kept a story naming Brown)."""
    from whoosh import query as wq

    if isinstance(q, wq.AndNot):
        excluded = set(searcher.docs_for_query(q.b))
        return {d: s for d, s in _whoosh_scores(searcher, q.a).items() if d not in excluded}
    return {h.docnum: h.score for h in searcher.search(q, limit=None, optimize=False)}


@pytest.mark.parametrize("text", QUERIES)
def test_every_score_equals_whoosh(bbc_index, text):
    engine = SearchEngine(bbc_index)
    st = engine.state()
    assert len(st.searcher.reader().leaf_readers()) > 1
    q = expand_patterns(st.builder.build(text, cross_lang=False, match="all"),
                        st.searcher.reader())
    scores = VectorScorer(st.searcher, st.facets.live).scores(q)
    assert scores is not None, q
    expected = _whoosh_scores(st.searcher, q)
    assert set(np.flatnonzero(scores > 0).tolist()) == set(expected)
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-9), (q, docnum)
    engine.close()


PATTERNS = ["gov*", "bank* AND loan", "econom?", "zzzq*", "Blair -elect*", "govermnet~",
            "m*sic OR film", "gov*^2 film", "title:elect*", "/bank.*/"]


@pytest.mark.parametrize("text", PATTERNS)
def test_expanded_patterns_match_what_whoosh_matches(bbc_index, text):
    """The words a pattern expands to match exactly the documents Whoosh's pattern
    matcher finds (only the scores differ, see bm25f.expand_patterns)."""
    engine = SearchEngine(bbc_index)
    st = engine.state()
    q = st.builder.build(text, cross_lang=False, match="all")
    expanded = expand_patterns(q, st.searcher.reader())
    assert not [n for n in expanded.leaves() if isinstance(n, wq.MultiTerm)] if not \
        expanded.is_leaf() else not isinstance(expanded, wq.MultiTerm)
    assert set(_whoosh_scores(st.searcher, expanded)) == set(_whoosh_scores(st.searcher, q))
    engine.close()


@pytest.mark.parametrize("text", ["government", "film award", "Blair -Brown", "bank* AND loan"])
def test_engine_ranks_by_the_exact_scores(bbc_index, text):
    engine = SearchEngine(bbc_index)
    st = engine.state()
    q = st.builder.build(text, cross_lang=False, match="all")
    expected = sorted(_whoosh_scores(st.searcher, q).items(), key=lambda p: (-p[1], p[0]))
    copies = set(np.flatnonzero(st.copies).tolist())
    expected = [d for d, _s in expected if d not in copies]
    for page in (1, 2):
        result = engine.search(SearchRequest(query=text, page=page, per_page=5))
        ids = [st.searcher.stored_fields(d)["id"] for d in expected[(page - 1) * 5:page * 5]]
        assert [h.id for h in result.hits] == ids
    engine.close()


def test_wildcards_and_sloppy_phrases_are_left_to_whoosh(bbc_index):
    engine = SearchEngine(bbc_index)
    st = engine.state()
    for text in ('"prime minister"~3', "gov*", "published:2004"):
        q = st.builder.build(text, cross_lang=False, match="all")
        assert not supported(q, st.searcher.weighting)
        assert VectorScorer(st.searcher, st.facets.live).scores(q) is None
    engine.close()


@pytest.mark.parametrize(("scores", "allowed", "k", "expected"), [
    ([0, 3, 1, 3, 2], None, 2, [(1, 3.0), (3, 3.0)]),
    ([0, 3, 1, 3, 2], None, 3, [(1, 3.0), (3, 3.0), (4, 2.0)]),
    ([0, 3, 1, 3, 2], [1, 0, 1, 1, 1], 2, [(3, 3.0), (4, 2.0)]),
    ([2, 2, 2, 2], None, 2, [(0, 2.0), (1, 2.0)]),
    ([0, 0], None, 5, []),
    ([1, 5], None, 0, []),
])
def test_top_k_breaks_ties_by_lower_docnum(scores, allowed, k, expected):
    mask = None if allowed is None else np.asarray(allowed, dtype=bool)
    assert top_k(np.asarray(scores, dtype=float), mask, k) == expected


def test_scores_follow_a_commit(tmp_path, small_articles):
    index_dir = tmp_path / "ix"
    index_articles(small_articles[:2], index_dir, entities=False)
    engine = SearchEngine(index_dir)
    before = engine.search(SearchRequest(query="Kupiansk")).total
    index_articles(small_articles, index_dir, entities=False)
    after = engine.search(SearchRequest(query="Kupiansk"))
    assert after.total >= before
    st = engine.state()
    q = st.builder.build("Kupiansk", cross_lang=False, match="all")
    assert after.total == len(_whoosh_scores(st.searcher, q))
    engine.close()


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize(("first", "count"), [(0, 10), (20, 10), (0, 1)])
def test_date_order_of_a_page_equals_a_full_sort(sort, first, count):
    from whoosh import query as wq

    from search.backends.whoosh.hits import UNDATED, ranked

    rng = np.random.default_rng(5)
    days = rng.integers(18000, 18100, 1000).astype(np.int32)
    days[rng.random(1000) < 0.1] = UNDATED
    matched = rng.random(1000) < 0.7
    docs = np.flatnonzero(matched)
    keys = [(-int(days[d]) if sort == "newest" else int(days[d])) if days[d] != UNDATED
            else 2**62 for d in docs]
    expected = [int(d) for _k, _n, d in sorted(zip(keys, -docs, docs, strict=True))]
    got = ranked(None, days, wq.Every(), matched, sort, first, count, filtered=False)
    assert [d for d, _s in got] == expected[first:first + count]


def test_excluded_words_never_reach_the_results(bbc_index):
    engine = SearchEngine(bbc_index)
    result = engine.search(SearchRequest(query="Blair -Brown", per_page=100))
    assert result.total > 5
    for hit in result.hits:
        assert "brown" not in engine.article(hit.id).body.lower(), hit.id
    engine.close()


PHRASES = ['"prime minister"', '"mobile phone"', 'Blair "general election"',
           '"prime minister" -Brown', '"chief executive officer"', '"in the united states"',
           '"zzz unknown"', '"said the"']


def _phrase_scores(searcher, q) -> dict[int, float]:
    """Lucene's phrase score, from Whoosh's own positions one document at a time."""
    from whoosh import query as wq

    if isinstance(q, wq.Or):
        total: dict[int, float] = {}
        for child in q.subqueries:
            for d, s in _phrase_scores(searcher, child).items():
                total[d] = total.get(d, 0.0) + s
        return total
    if isinstance(q, wq.Term):
        return _whoosh_scores(searcher, q)
    assert isinstance(q, wq.Phrase), q
    field = searcher.schema[q.fieldname]
    reader = searcher.reader()
    if any((q.fieldname, w) not in reader for w in q.words):
        return {}
    positions = []
    for w in q.words:
        m = reader.postings(q.fieldname, w)
        found = {}
        while m.is_active():
            found[m.id()] = set(m.value_as("positions"))
            m.next()
        positions.append(found)
    weighting = searcher.weighting
    idf = sum(searcher.idf(q.fieldname, w) for w in q.words)
    avgfl = searcher.avg_field_length(q.fieldname)
    out = {}
    for doc, first in positions[0].items():
        if reader.is_deleted(doc):
            continue
        freq = sum(all(p + i in positions[i].get(doc, ()) for i in range(1, len(q.words)))
                   for p in first)
        if freq:
            tf = freq * field.format.field_boost
            fl = searcher.doc_field_length(doc, q.fieldname)
            b, k1 = weighting.B, weighting.K1
            out[doc] = q.boost * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * fl / avgfl))
    return out


@pytest.mark.parametrize("text", PHRASES)
def test_phrases_match_as_whoosh_and_score_as_lucene(bbc_index, text):
    from whoosh import query as wq

    engine = SearchEngine(bbc_index)
    st = engine.state()
    q = expand_patterns(st.builder.build(text, cross_lang=False, match="all"),
                        st.searcher.reader())
    scores = VectorScorer(st.searcher, st.facets.live).scores(q)
    assert scores is not None, q
    whoosh = st.masks.mask(q)  # Whoosh's own phrase matching, for any other part
    assert np.array_equal(scores > 0, whoosh), q
    plain = q.a if isinstance(q, wq.AndNot) else q
    if isinstance(plain, wq.Or):
        expected = _phrase_scores(st.searcher, plain)
        for docnum in np.flatnonzero(scores > 0):
            assert scores[docnum] == pytest.approx(expected[int(docnum)], rel=1e-9)
    engine.close()


@pytest.mark.parametrize("lists", [[[5], [0, 3], [2] * 40], [[1] * 1200], [[70000, 70003], [0]]])
def test_positions_decoded_in_bulk_equal_pickle(lists):
    from whoosh.formats import Positions

    from search.backends.whoosh.phrases import decode_deltas

    fmt = Positions()
    counts, deltas = decode_deltas([fmt.encode(p) for p in lists])
    assert counts.tolist() == [len(p) for p in lists]
    assert deltas.tolist() == [d for p in lists for d in np.diff([0, *p]).tolist()]


PHRASE_TEXTS = ["a a a b", "b a a", "c a b a b", "a b c a b c", "x y z", "a", "b a",
                "c c c c a b"] + ["filler words only"] * 40 + ["a b c"] * 3


def _space_index(path, texts: list[str]):
    """A one-segment index of `texts` split on spaces; (index, expected phrase counts)."""
    from whoosh import fields, index

    schema = fields.Schema(body=fields.TEXT(analyzer=fields.analysis.SpaceSeparatedTokenizer()))
    ix = index.create_in(str(path), schema)
    with ix.writer() as writer:
        for text in texts:
            writer.add_document(body=text)
    return ix


def _expected_phrases(texts: list[str], words: list[str]) -> dict[int, int]:
    """Occurrences of `words` in a row in each text that has them."""
    expected = {}
    for doc, text in enumerate(texts):
        tokens = text.split()
        freq = sum(tokens[i:i + len(words)] == words for i in range(len(tokens)))
        if freq:
            expected[doc] = freq
    return expected


@pytest.mark.parametrize("words", [["a", "a"], ["a", "b"], ["a", "b", "c"], ["c", "a", "b"],
                                   ["b", "a", "a"], ["c", "c"], ["y", "z"], ["z", "y"],
                                   ["a", "q"]])
def test_phrase_frequencies_count_every_occurrence(tmp_path, words):
    """Overlapping and repeated occurrences, the rarest word anywhere in the phrase."""
    from search.backends.whoosh.phrases import phrase_frequencies

    ix = _space_index(tmp_path, PHRASE_TEXTS)
    expected = _expected_phrases(PHRASE_TEXTS, words)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs, freq = phrase_frequencies(reader, "body", [[w.encode()] for w in words])
        assert dict(zip(docs.tolist(), freq.tolist(), strict=True)) == expected
        # Whoosh's own phrase matcher agrees on which documents match
        from whoosh import query as wq
        assert set(searcher.docs_for_query(wq.Phrase("body", words))) == set(expected)


LONG_TEXTS = ["a b " + "x " * 300 + "a b", "x " * 100 + "a", "b x a b", "a " + "x " * 400 + "b a",
              "q " * 300 + "a b a", "c a x c a c"]


@pytest.mark.parametrize("bits", [None, 9, 4])
@pytest.mark.parametrize("words", [["a", "b"], ["b", "a"], ["a", "b", "a"], ["x", "a"],
                                   ["c", "a"], ["a", "c"]])
def test_phrases_with_compact_wide_and_mixed_keys(tmp_path, monkeypatch, bits, words):
    """Keys of 32 bits (the default), wide ones (no position bits to spare) and a mix
    (bits=9: terms with a position past 256 are wide) find the same occurrences, and a
    phrase never runs from one document's last word into the next one's first."""
    from search.backends.whoosh import phrases
    from search.backends.whoosh.postings import CACHE

    if bits is not None:
        monkeypatch.setattr(phrases, "_position_bits", lambda reader: bits)
    CACHE.clear()
    ix = _space_index(tmp_path, LONG_TEXTS)
    expected = _expected_phrases(LONG_TEXTS, words)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs, freq = phrases.phrase_frequencies(reader, "body", [[w.encode()] for w in words])
        assert dict(zip(docs.tolist(), freq.tolist(), strict=True)) == expected
        kinds = {phrases.occurrence_keys(reader, "body", w.encode()).dtype for w in words}
    if bits is None:
        assert kinds == {np.dtype(np.uint32)}
    elif bits == 4:
        assert kinds == {np.dtype(np.int64)}
    elif "c" in words:  # "c" only early, "a" late too
        assert kinds == {np.dtype(np.uint32), np.dtype(np.int64)}
    CACHE.clear()


def test_phrase_words_are_decoded_before_the_merges_go_to_threads(tmp_path, monkeypatch):
    """Decoding holds the interpreter lock: beside merges on worker threads it slowed a
    first phrase search 1.5x, so the search decodes first, on its own thread. (The phrase
    is matched by positions here, not as a pair of common words:
    indexer.backends.whoosh.codec.pairs.)"""
    import threading

    from conftest import make_article

    from search.backends.whoosh import phrases, workers
    from search.backends.whoosh.postings import CACHE

    monkeypatch.setattr(workers, "WORKERS", 2)
    monkeypatch.setattr("search.backends.whoosh.bm25f.pair_term", lambda *args: None)
    index_dir = tmp_path / "ix"
    for start in (0, 30):  # two segments: two jobs for the threads
        index_articles([make_article(f"Report {n}", f"Trains reached Kupiansk again, day {n}.",
                                     language="en", url=f"https://d.example/{n}")
                        for n in range(start, start + 30)], index_dir, entities=False)
    decoded_on: list[str] = []
    decode = phrases.occurrence_keys

    def recording(reader, fieldname, btext):
        if phrases.term_key(reader, phrases.PHRASE_KEYS, fieldname, btext) not in CACHE:
            decoded_on.append(threading.current_thread().name)
        return decode(reader, fieldname, btext)

    monkeypatch.setattr(phrases, "occurrence_keys", recording)
    monkeypatch.setattr("search.backends.whoosh.bm25f.occurrence_keys", recording)
    CACHE.clear()
    engine = SearchEngine(index_dir)
    try:
        assert engine.search(SearchRequest(query='"reached Kupiansk"')).total == 60
    finally:
        engine.close()
    assert decoded_on and set(decoded_on) == {threading.current_thread().name}


_WORDS = st.sampled_from(["government", "film", "award", "bank*", "econom?", "govermnet~",
                          "Blair", "Brown", "elect*", "market", "zzzq*", "music"])


@st.composite
def _queries(draw) -> str:
    words = draw(st.lists(_WORDS, min_size=1, max_size=4))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from([" ", " OR ", " AND ", " NOT ", " -"])) + word
    if draw(st.booleans()) and len(words) > 1 and not any(c in text for c in "*?~"):
        text = f'"{words[0]} {words[1]}"' + draw(st.sampled_from(["", "~2", "~4"]))
    return text


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_queries())
def test_expanding_patterns_keeps_what_every_query_matches(bbc_index, text):
    """Over generated queries (words, near phrases, patterns, operators), the expanded
    tree matches exactly what stock Whoosh matches for the built one: a rewrite that
    drops a node's settings (a phrase's slop) fails here."""
    engine = SearchEngine(bbc_index)
    st_ = engine.state()
    q = st_.builder.build(text, cross_lang=False, match="all")
    expanded = expand_patterns(q, st_.searcher.reader())
    assert set(st_.searcher.docs_for_query(expanded)) == set(st_.searcher.docs_for_query(q))
    engine.close()
