"""Segment files read in place (indexer.backends.whoosh.codec.io): at random by default, with the
bytes a
query will read in a row asked for ahead, and in order for a merge."""

from __future__ import annotations

import mmap

import pytest
from conftest import make_article
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

from indexer.backends.whoosh.codec import io as whoosh_io
from indexer.backends.whoosh.maintenance import optimize_index
from indexer.backends.whoosh.writer import open_index
from indexer.pipeline import index_articles
from search.backends.whoosh import postings
from search.backends.whoosh.engine import SearchEngine, SearchRequest
from search.backends.whoosh.matches import read_ahead_postings, term_postings


class _Recorder:
    """A map that records what it is advised, and passes it on."""

    def __init__(self, source):
        self.source = source
        self.advised: list[tuple[int, int, int]] = []

    def madvise(self, advice: int, start: int = 0, length: int = 0) -> None:
        self.advised.append((advice, start, length))
        self.source.madvise(advice, start, length) if length else self.source.madvise(advice)


def _articles(count: int, start: int = 0) -> list:
    return [make_article(f"Kupiansk report {n}", f"Trains reached Kupiansk again on day {n}.",
                         language="en", url=f"https://d.example/{n}")
            for n in range(start, start + count)]


@pytest.fixture
def two_segments(tmp_path):
    index_dir = tmp_path / "ix"
    index_articles(_articles(40), index_dir, entities=False)
    index_articles(_articles(30, start=40), index_dir, entities=False)
    return index_dir


def test_a_posting_list_is_read_ahead_where_it_lies(two_segments):
    postings.CACHE.clear()
    with open_index(two_segments).searcher() as searcher:
        reader, _offset = searcher.reader().leaf_readers()[0]
        btext = b"kupiansk"
        info = reader._terms.term_info("body_en", btext)
        assert not info.is_inlined()  # 40 postings: a list of its own in the postings file
        offset, length = info.extent()
        length = length[0] if isinstance(length, tuple) else length  # as read from the table
        part = reader._terms._postfile
        source, base = part.mapping
        recorder = _Recorder(source)
        part.mapping = (recorder, base)
        read_ahead_postings(reader, "body_en", btext)
        ((advice, start, size),) = recorder.advised
        first_page = (base + offset) // mmap.PAGESIZE * mmap.PAGESIZE
        assert advice == mmap.MADV_WILLNEED  # from the list's first page to its end
        assert (start, size) == (first_page, base + offset + length - first_page)
        assert source[base + offset:base + offset + 4] == WHOOSH3_HEADER_MAGIC
        term_postings(reader, "body_en", btext)  # decoded and kept: nothing more to read
        read_ahead_postings(reader, "body_en", btext)
        assert len(recorder.advised) == 1


def test_a_search_reads_ahead_its_postings_and_lengths_in_every_segment(two_segments,
                                                                        monkeypatch):
    postings.CACHE.clear()
    asked: list[str] = []

    def record(part, start: int, length: int) -> bool:
        asked.append(part._name)
        return True

    monkeypatch.setattr("search.backends.whoosh.matches.read_ahead", record)
    monkeypatch.setattr("search.backends.whoosh.bm25f.read_ahead", record)
    engine = SearchEngine(two_segments)
    try:
        assert engine.search(SearchRequest(query="Kupiansk")).total == 70
        # the word's posting list and the field's lengths, in each of the two segments
        assert sum(name.endswith(".pst") for name in asked) >= 2
        assert sum(name.endswith("_body_en_len.col") for name in asked) == 2
        asked.clear()
        assert engine.search(SearchRequest(query="Kupiansk")).total == 70
        assert asked == []  # decoded once, kept
    finally:
        engine.close()


def test_segment_maps_are_read_at_random_and_merges_in_order(two_segments, monkeypatch):
    advised: list[str] = []
    advise = whoosh_io._advise

    def record(source, advice: str) -> bool:
        advised.append(advice)
        return advise(source, advice)

    monkeypatch.setattr(whoosh_io, "_advise", record)
    with open_index(two_segments).searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
    assert advised.count("MADV_RANDOM") >= 2 and "MADV_NORMAL" not in advised
    advised.clear()
    assert optimize_index(two_segments) == 1
    assert advised.count("MADV_NORMAL") >= 2  # both merged segments, read in order
    engine = SearchEngine(two_segments)
    try:
        assert engine.search(SearchRequest(query="Kupiansk")).total == 70
    finally:
        engine.close()
