"""Keys of an index's segments searched a size tier at a time: the same answers as asking
every segment, across segments of several tiers, deletions, new commits and merges."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.article import Article
from indexer.backends.whoosh import bands, segment_keys
from indexer.backends.whoosh import writer as writer_module
from indexer.backends.whoosh.maintenance import delete_articles, optimize_index
from indexer.backends.whoosh.writer import ArticleWriter, open_index
from indexer.duplicates import minhash as dedup
from indexer.pipeline import index_articles

BASE = [f"w{j}" for j in range(40)]


def _article(n: int, body: str) -> Article:
    return Article(title=f"t{n}", body=body, url=f"https://k.example/{n}", source="K",
                   language="en")


def _body(n: int) -> str:
    """Bodies of one template with a word or two changed: most share band codes."""
    words = list(BASE)
    words[n % 40] = f"x{n}"
    if n % 3 == 0:
        words[(n * 7) % 40] = f"y{n}"
    return " ".join(words)


@pytest.fixture()
def tiered(tmp_path):
    """An index of segments in three size tiers (2, 3, 15 and 120 articles), one deleted."""
    index_dir = tmp_path / "ix"
    n = 0
    for size in (120, 2, 15, 3):
        with ArticleWriter(index_dir) as writer:
            for _ in range(size):
                writer.write(_article(n, _body(n)))
                n += 1
    delete_articles(index_dir, ids=["https://k.example/121", "https://k.example/5"])
    return index_dir


def _brute_force(reader, codes: np.ndarray, limit: int) -> list[int]:
    """Every document's codes read through Whoosh's column reader, in document order."""
    column = reader.column_reader(bands.FIELD)
    rows = [np.frombuffer(column[d], "<u8") for d in range(reader.doc_count_all())]
    found = []
    for code in codes.tolist():
        holders = [d for d, row in enumerate(rows) if code in row.tolist()][:limit]
        found += [d for d in holders if not reader.is_deleted(d)]
    return found


@pytest.mark.parametrize("limit", [1, 3, 64])
def test_band_candidates_equal_a_search_of_every_document(tiered, limit):
    ix = open_index(tiered)
    assert len({segment_keys.tier_of(s.doc_count_all()) for s in ix._segments()}) == 3
    table = bands.BandIndex()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for n in (0, 7, 121, 130, 500):
            codes = dedup.band_codes(dedup.signature(_body(n)))
            expected = _brute_force(reader, codes, limit)
            assert expected, "the template should share codes"
            assert list(table.candidates(reader, codes, limit)) == expected


def test_indexed_terms_follow_new_segments_deletions_and_merges(tiered):
    terms = segment_keys.IndexedTerms(after=0)
    ix = open_index(tiered)

    def check(searcher, present: list[int], absent: list[int]) -> None:
        reader = searcher.reader()
        for n in present:
            stored = searcher.stored_fields(searcher.document_number(id=f"https://k.example/{n}"))
            assert terms.may_hold(reader, "id", stored["id"])
            assert terms.may_hold(reader, "hash", stored["hash"])
        for n in absent:
            assert not terms.may_hold(reader, "id", f"https://k.example/{n}")
            assert not terms.may_hold(reader, "hash", f"{n:040x}")

    with ix.searcher() as searcher:
        check(searcher, [0, 119, 120, 139], [140, 1000])
    with ArticleWriter(tiered) as writer:
        writer.write(_article(140, _body(140)))
    with ix.searcher() as searcher:
        check(searcher, [0, 140], [141])
    optimize_index(tiered)
    ix = open_index(tiered)
    with ix.searcher() as searcher:
        check(searcher, [0, 139, 140], [5, 121, 141])  # merged away with their segments
        assert len(terms._fields["id"]._segments) == 1


def test_runs_classify_the_same_with_the_terms_read_from_the_start(tmp_path, monkeypatch):
    """Re-indexing unchanged, changed, new and re-published articles into a multi-segment
    index gives the same report and index whether or not ids are ruled out from memory."""
    first = [_article(n, f"story {n} " + _body(n)) for n in range(40)]
    again = [_article(n, f"story {n} " + _body(n)) for n in range(0, 60, 2)]
    again[3] = _article(6, "changed " + _body(6))
    again.append(Article(title="copy", body=first[9].body, url="https://other.example/9",
                         source="O", language="en"))

    def run(index_dir, after: int) -> tuple:
        monkeypatch.setattr(writer_module, "IndexedTerms",
                            lambda: segment_keys.IndexedTerms(after=after))
        for start in (0, 10, 25):
            index_articles(iter(first[start:start + 15]), index_dir, entities=False)
        report = index_articles(iter(again), index_dir, entities=False)
        with open_index(index_dir).searcher() as searcher:
            state = sorted((d["id"], d["hash"], tuple(d.get("origins") or ()), d.get("dup_of"))
                           for d in searcher.all_stored_fields())
        return (report.added, report.replaced, report.unchanged, report.duplicates), state

    assert run(tmp_path / "from-memory", 0) == run(tmp_path / "asked", 10**9)
