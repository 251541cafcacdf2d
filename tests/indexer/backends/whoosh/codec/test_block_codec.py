"""Posting blocks renumbered in place (indexer.backends.whoosh.codec.blocks): still an ordinary
zlib stream of
an ordinary pickle, before and after the shift, and merges use it; new blocks are pickled
with protocol 3 (bytes as bytes), older protocol-2 ones still read, shift and merge."""

from __future__ import annotations

import pickle
import random
import zlib

import pytest
from conftest import make_article
from whoosh.codec import whoosh3

from indexer.backends.whoosh.codec.blocks import compress_block, shift_block
from indexer.backends.whoosh.maintenance import optimize_index
from indexer.backends.whoosh.merge import blocks as block_merge
from indexer.backends.whoosh.store import open_index
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest


def _block(count: int, first: int, rng: random.Random) -> tuple:
    ids = (first, *(rng.randint(1, 300) for _ in range(count - 1)))
    weights = None if count % 2 else tuple(float(rng.randint(1, 4)) for _ in range(count))
    values = tuple(bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 6)))
                   for _ in range(count))
    return ids, weights, values


@pytest.mark.parametrize("count", [1, 3, 4, 5, 16, 128])
@pytest.mark.parametrize("first", [0, 7, 255, 256, 65535, 65536, 2**31 - 2**20])
@pytest.mark.parametrize("level", [1, 3, 9])
@pytest.mark.parametrize("protocol", [2, 3])
def test_blocks_read_back_before_and_after_a_shift(count, first, level, protocol):
    rng = random.Random(count * 31 + first)
    data = _block(count, first, rng)
    stream = compress_block(pickle.dumps(data, protocol), level)
    for loads in (pickle.loads, pickle._loads):  # the C and the pure-Python unpicklers
        assert loads(zlib.decompress(stream)) == data
    shifted = shift_block(stream, 123_456)
    if count < 4:  # pickled as a short tuple: compressed the plain way, never shifted
        assert shifted is None and stream == zlib.compress(pickle.dumps(data, protocol), level)
        return
    moved = (first + 123_456, *data[0][1:])
    for loads in (pickle.loads, pickle._loads):  # zlib checks the stream's Adler-32
        assert loads(zlib.decompress(shifted)) == (moved, *data[1:])
    assert shift_block(shifted, -123_456) == stream
    assert zlib.decompress(shifted)[:2] == bytes((0x80, protocol))


def test_a_plain_zlib_block_is_not_taken_for_a_shiftable_one():
    data = _block(40, 9, random.Random(1))
    assert shift_block(zlib.compress(pickle.dumps(data, 2), 3), 10) is None


def _articles(count: int) -> list:
    words = [f"w{i}" for i in range(30)]
    rng = random.Random(5)
    return [make_article(f"Story {i}", " ".join(rng.choice(words) for _ in range(60)),
                         url=f"https://s.example/{i}", source="Wire", language="en")
            for i in range(count)]


def test_a_merge_moves_new_blocks_without_decompressing_them(tmp_path, monkeypatch):
    articles = _articles(600)
    for start in range(0, 600, 200):  # three segments, none with deletions
        index_articles(iter(articles[start:start + 200]), tmp_path, entities=False, jobs=1,
                       near_duplicates=False)
    before = SearchEngine(tmp_path)
    queries = ["w3", "w7 w11", '"w1 w2"']
    totals = [before.search(SearchRequest(query=q)).total for q in queries]
    before.close()
    decoded = []
    real = zlib.decompress
    monkeypatch.setattr(block_merge.zlib, "decompress",
                        lambda *a: decoded.append(1) or real(*a))
    assert optimize_index(tmp_path) == 1
    assert decoded == []  # every list of the three segments moved as bytes
    after = SearchEngine(tmp_path)
    assert [after.search(SearchRequest(query=q)).total for q in queries] == totals
    assert totals[0] > 100
    after.close()


def _protocols(index_dir, monkeypatch) -> list[set[int]]:
    """The pickle protocols of the posting blocks and block headers each segment's
    matchers load, segment by segment."""
    seen: set[int] = set()
    real = whoosh3.loads
    monkeypatch.setattr(whoosh3, "loads", lambda data: seen.add(data[1]) or real(data))
    found = []
    with open_index(index_dir).searcher() as searcher:
        for reader, _base in searcher.reader().leaf_readers():
            seen.clear()
            for name in ("body_en", "title_en"):
                for btext in reader.lexicon(name):
                    matcher = reader.postings(name, btext)
                    while matcher.is_active():
                        matcher.value()
                        matcher.next()
            found.append(set(seen))
    monkeypatch.setattr(whoosh3, "loads", real)
    return found


def test_older_protocol_2_segments_read_and_merge_with_new_ones(tmp_path, monkeypatch):
    """Segments of Whoosh's own codec (protocol 2: bytes pickled through _codecs) and of
    newsdex's (protocol 3) in one index: both read, and merge into one segment that finds
    the same."""
    import json

    from indexer.backends.whoosh.codec.format import FORMAT_NAME, FORMAT_VERSION
    from indexer.backends.whoosh.store import INFO_FILE, PLAIN_FORMAT, open_index

    articles = _articles(400)
    open_index(tmp_path, create=True, storage_format=PLAIN_FORMAT)
    index_articles(iter(articles[:200]), tmp_path, entities=False, jobs=1,
                   near_duplicates=False)
    info = json.loads((tmp_path / INFO_FILE).read_text())  # from now on a newsdex index
    (tmp_path / INFO_FILE).write_text(json.dumps(
        {**info, "format": FORMAT_NAME, "format_version": FORMAT_VERSION}))
    index_articles(iter(articles[200:]), tmp_path, entities=False, jobs=1,
                   near_duplicates=False)
    assert _protocols(tmp_path, monkeypatch) == [{2}, {3}]
    queries = ["w3", "w7 w11", '"w1 w2"', "story"]
    engine = SearchEngine(tmp_path)
    totals = [engine.search(SearchRequest(query=q)).total for q in queries]
    engine.close()
    assert totals[0] > 100 and totals[3] == 400
    assert optimize_index(tmp_path) == 1
    assert _protocols(tmp_path, monkeypatch) == [{2, 3}]  # moved as they were written
    engine = SearchEngine(tmp_path)
    assert [engine.search(SearchRequest(query=q)).total for q in queries] == totals
    engine.close()
