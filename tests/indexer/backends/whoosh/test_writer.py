"""The writer: stable ids, replace on change, skip unchanged, exact copies stored once."""

from __future__ import annotations

import os

import pytest

from indexer.article import Article, normalize_url
from indexer.backends.whoosh.writer import ArticleWriter, open_index
from indexer.errors import IndexUnavailable
from indexer.pipeline import index_articles
from search.backends.whoosh.engine import SearchEngine, SearchRequest


def _count(index_dir) -> int:
    ix = open_index(index_dir)
    with ix.searcher() as s:
        return s.doc_count()


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("HTTP://WWW.Example.com/a/?utm_source=x&b=2#top", "https://example.com/a?b=2"),
        ("https://example.com/a/", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("not a url", "not a url"),
    ],
)
def test_normalize_url(url, normalized):
    assert normalize_url(url) == normalized


def test_id_is_url_or_content_hash():
    a = Article(title="T", body="B", url="https://www.example.com/x/")
    b = Article(title="T", body="B")
    assert a.id == "https://example.com/x"
    assert b.id.startswith("sha1:") and b.id == Article(title="T ", body=" B").id


def test_reindexing_replaces_and_never_duplicates(tmp_path, small_articles):
    index_dir = tmp_path / "ix"
    first = index_articles(small_articles, index_dir, entities=False)
    assert (first.added, first.replaced, first.unchanged) == (5, 0, 0)
    for a in small_articles:
        a.origin = ""
    again = index_articles(small_articles, index_dir, entities=False)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 5)
    changed = small_articles[0]
    changed.body += " More text."
    third = index_articles([changed], index_dir, entities=False)
    assert (third.added, third.replaced) == (0, 1)
    assert _count(index_dir) == 5
    engine = SearchEngine(index_dir)
    assert engine.search(SearchRequest(query='"More text"')).total == 1
    engine.close()


def test_exact_copies_are_stored_once_with_every_origin(tmp_path):
    copies = [Article(title="Same", body="Same text.", origin=f"file{i}.txt") for i in range(3)]
    report = index_articles(copies, tmp_path / "ix", entities=False)
    assert (report.added, report.duplicates) == (1, 2)
    engine = SearchEngine(tmp_path / "ix")
    article = engine.article(copies[0].id)
    assert article.origins == ["file0.txt", "file1.txt", "file2.txt"]
    stats = engine.stats()
    assert (stats.articles, stats.inputs) == (1, 3)
    engine.close()
    # A second run over the same files changes nothing.
    again = index_articles(copies, tmp_path / "ix", entities=False)
    assert (again.added, again.duplicates, again.unchanged) == (0, 0, 3)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexUnavailable, match="no newsdex index"):
        open_index(tmp_path / "nothing")


def _stories(n: int, edit: int = -1) -> list[Article]:
    return [Article(title=f"Story {i}", body=f"Grain shipments story number {i} from the port"
                    + (" with an update" if i == edit else ""),
                    url=f"https://w.example/{i}", source="Wire", language="en")
            for i in range(n)]


def _state(index_dir) -> dict[str, str]:
    with open_index(index_dir).searcher() as s:
        return {d["id"]: d["body"] for d in s.all_stored_fields()}


def test_parallel_writers_index_replace_and_delete_like_one(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for index_dir, jobs in ((one, 1), (two, 2)):
        report = index_articles(_stories(120), index_dir, entities=False, jobs=jobs,
                                commit_every=40)
        assert (report.read, report.added) == (120, 120)
        again = index_articles(_stories(130, edit=7), index_dir, entities=False, jobs=jobs,
                               commit_every=40)
        assert (again.added, again.replaced, again.unchanged) == (10, 1, 119)
    if len(open_index(two)._segments()) < 2:
        pytest.fail("two writing processes should leave a segment each")
    assert _state(two) == _state(one)
    assert len(_state(two)) == 130 and "with an update" in _state(two)[
        normalize_url("https://w.example/7")]
    engine = SearchEngine(two)
    assert engine.search(SearchRequest(query="grain")).total == 130
    engine.close()


def test_tiered_merging_keeps_few_segments_and_every_article(tmp_path):
    from indexer.backends.whoosh.merge.policy import MERGE_FACTOR

    index_articles(_stories(150), tmp_path / "ix", entities=False, commit_every=5)
    sizes = sorted(s.doc_count() for s in open_index(tmp_path / "ix")._segments())
    # 30 commits of 5: each time ten small segments have piled up they become one of 50
    assert len(sizes) < 2 * MERGE_FACTOR and max(sizes) >= 50
    assert sum(sizes) == 150 and len(_state(tmp_path / "ix")) == 150


def test_a_slow_commit_does_not_make_the_next_article_a_commit_of_its_own(tmp_path,
                                                                        monkeypatch):
    import time

    from indexer.backends.whoosh import writer as writer_module

    def slow_policy(writer, segments, _background=None):
        time.sleep(0.6)  # a merge longer than commit_seconds
        return segments

    monkeypatch.setattr(writer_module, "merge_tiered", slow_policy)
    first, second, third = _stories(3)
    with writer_module.ArticleWriter(tmp_path / "ix", commit_every=1000,
                                     commit_seconds=0.5) as writer:
        writer.write(first, new=True)
        time.sleep(0.6)
        writer.write(second, new=True)  # the interval has passed: first and second commit
        assert writer.commits == 1
        writer.write(third, new=True)  # right after that slow commit: stays pending
        assert writer.commits == 1
    assert len(_state(tmp_path / "ix")) == 3


def test_articles_of_a_commit_in_flight_are_known(tmp_path, monkeypatch):
    """With writing processes, a commit runs in a thread while the next articles are
    classified: an article of that commit is unchanged, changed, copied or near-copied."""
    import threading

    from indexer.backends.whoosh import writer as writer_module

    gate = threading.Event()

    def held_policy(writer, segments, _background=None):
        assert gate.wait(30)
        return segments

    monkeypatch.setattr(writer_module, "merge_tiered", held_policy)
    words = " ".join(f"harvest{i}" for i in range(40))
    first = Article(title="Grain", body=f"Ports reopen for grain. {words}",
                    url="https://w.example/grain", source="Wire", language="en")
    other = _stories(1)[0]
    with writer_module.ArticleWriter(tmp_path / "ix", commit_every=2, procs=2) as writer:
        writer.write(first, new=True)
        writer.write(other, new=True)  # the second article starts the commit
        assert writer._landing is not None and writer.commits == 0
        assert writer.classify(first) == "unchanged"
        edited = Article(title="Grain", body=first.body + " Updated.", url=first.url,
                         source="Wire", language="en")
        assert writer.classify(edited) == "changed"
        elsewhere = Article(title="Grain", body=first.body, source="Other", language="en",
                            origin="copy.txt")
        assert writer.classify(elsewhere) == "duplicate"
        near = Article(title="Grain again", body=first.body.replace("harvest7", "crop"),
                       url="https://x.example/grain", source="Other", language="en")
        assert writer.write(near, new=True) == first.id
        gate.set()
    state = _state(tmp_path / "ix")
    assert set(state) == {first.id, other.id, near.id}
    with open_index(tmp_path / "ix").searcher() as searcher:
        assert searcher.document(id=near.id)["dup_of"] == first.id


def test_a_failed_commit_in_flight_is_reported(tmp_path, monkeypatch):
    from indexer.backends.whoosh import writer as writer_module

    def full_disk(writer, segments, _background=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer_module, "merge_tiered", full_disk)
    stories = _stories(3)
    with pytest.raises(IndexUnavailable, match="No space left on device"), \
            writer_module.ArticleWriter(tmp_path / "ix", commit_every=2, procs=2) as writer:
        for story in stories:
            writer.write(story, new=True)
        writer.commit()
    assert _count(tmp_path / "ix") == 0


def test_sub_writers_hand_back_the_words_they_analyzed(tmp_path, monkeypatch):
    """Whoosh forks new sub-writers at every commit: what the last ones analyzed comes back
    to this process, so that the next ones inherit it. (They analyze a text only when the
    codes this process worked out are not theirs to use, indexer.backends.whoosh.terms.codes: here
    never.)"""
    from indexer.backends.whoosh.analysis import analyzer_for
    from indexer.backends.whoosh.terms import caches as word_caches
    from indexer.backends.whoosh.terms import codes as word_codes
    from indexer.backends.whoosh.terms import term_keys as fast_terms
    from indexer.backends.whoosh.terms import vocabulary
    from indexer.backends.whoosh.writer import ArticleWriter

    monkeypatch.setattr(word_codes, "field_codes", lambda *args: None)

    key = fast_terms.analyzer_key(analyzer_for("en"))
    vocabulary._vocabularies.pop(key, None)
    seed, first, second = _stories(3)
    with ArticleWriter(tmp_path / "ix", procs=2) as writer:  # the English fields' pairs
        writer.write(seed, new=True)
    word_caches.cache(key).pop("quuxification", None)
    first.body += " quuxification"
    with ArticleWriter(tmp_path / "ix", procs=2) as writer:
        writer.write(first, new=True)
        writer.commit()
        assert "quuxification" not in word_caches.cache(key)
        assert key not in vocabulary._vocabularies
        writer.write(second, new=True)
        writer.commit()  # takes back what the first commit's sub-writers learned
        assert word_caches.cache(key)["quuxification"] == ("quuxif",)
        # and the pieces of text they numbered, which this process numbers in turn
        assert "quuxification" in vocabulary._vocabularies[key].index
    assert not word_caches._folder(os.getpid()).exists()


def test_the_next_batch_grows_while_a_commit_is_in_flight(tmp_path, monkeypatch):
    """The time rule waits for the commit in flight: a slow merge makes the next segment
    larger instead of cutting it short (small segments would mean more merging)."""
    import threading

    from indexer.backends.whoosh import writer as writer_module

    gate = threading.Event()
    monkeypatch.setattr(writer_module, "merge_tiered",
                        lambda writer, segments, *_: gate.wait(30) and segments)
    stories = _stories(5)
    with writer_module.ArticleWriter(tmp_path / "ix", commit_every=100, commit_seconds=0.0,
                                     procs=2) as writer:
        writer.write(stories[0], new=True)  # due at once: its commit is held in flight
        flight = writer._flight
        assert flight is not None and flight.is_alive()
        for story in stories[1:]:
            writer.write(story, new=True)
        assert writer._flight is flight and len(writer._batch.articles) == 4
        gate.set()
    assert len(_state(tmp_path / "ix")) == 5
    assert len(open_index(tmp_path / "ix")._segments()) <= 4  # two commits, two writers each


@pytest.mark.parametrize(("size", "floor"), [(1, 1), (9, 1), (10, 10), (12_500, 10_000),
                                             (99_999, 10_000), (100_000, 100_000)])
def test_tier_floor(size, floor):
    from indexer.backends.whoosh.merge.policy import tier_floor

    assert tier_floor(size) == floor


@pytest.mark.parametrize(("size", "tier"), [(1, 0), (7_999, 3), (8_000, 4), (9_500, 4),
                                            (79_999, 4), (80_000, 5), (97_000, 5),
                                            (799_999, 5)])
def test_a_segment_a_little_short_of_a_tier_counts_in_it(size, tier):
    from indexer.backends.whoosh.merge.policy import tier_of

    assert tier_of(size) == tier


class _Segment:
    def __init__(self, number: int, size: int) -> None:
        self.number, self.size = number, size

    def segment_id(self) -> str:
        return f"s{self.number}"

    def doc_count(self) -> int:
        return self.size


@pytest.mark.parametrize(("sizes", "merged"), [
    ([9_500, 10_500] * 5, list(range(10))),  # two sub-writers' uneven halves: one tier
    ([10_000] * 9 + [97_000], []),  # a merged segment is not merged again with its tier
    ([7_000] * 10, list(range(10))),
    ([100_000] * 10, []),  # past 500,000: wait for twice the tier's share
    ([100_000] * 15 + [90_000] * 5, [15, 16, 17, 18, 19]),  # then merge what fits
    ([300_000] * 20, []),  # no two fit
    ([10_000] * 9, []),
])
def test_tiered_policy_merges_full_tiers_within_the_largest_merge(monkeypatch, sizes, merged):
    from indexer.backends.whoosh.merge import policy as merging

    doomed: list = []
    monkeypatch.setattr(merging, "merge_segments", lambda _w, group: doomed.extend(group) or [])
    segments = [_Segment(n, size) for n, size in enumerate(sizes)]
    kept = merging.merge_tiered(None, segments)
    assert [s.number for s in doomed] == merged
    assert sorted(s.number for s in kept) == [n for n in range(len(sizes)) if n not in merged]


@pytest.mark.parametrize(("commit_every", "procs", "smallest"),
                         [(25_000, 1, 0), (25_000, 2, 20_000), (25_000, 4, 4_000), (100, 2, 20)])
def test_parallel_batches_keep_segments_in_the_tier_of_full_ones(commit_every, procs,
                                                                  smallest, tmp_path):
    from indexer.backends import index_backend

    with index_backend(tmp_path / "ix").writer(wait=1, writers=procs,
                                               commit_every=commit_every) as writer:
        assert writer.min_batch == smallest


def test_the_time_rule_cuts_no_batch_below_its_minimum(tmp_path):
    stories = _stories(4)
    with ArticleWriter(tmp_path / "ix", commit_every=100, commit_seconds=0.0,
                       min_batch=3) as writer:
        for story in stories[:2]:
            writer.write(story, new=True)
        assert writer.commits == 0 and len(writer._batch.articles) == 2
        writer.write(stories[2], new=True)  # due by time, and now large enough
        assert writer.commits == 1 and not writer._batch.articles


def test_a_batch_due_while_a_commit_is_in_flight_grows_until_it_lands(tmp_path, monkeypatch):
    """With sub-writers, a batch that is due while the last one is still being committed
    goes on growing (reading goes on), is committed by the first write after that commit
    landed, and waits for it only at GROWTH times its size."""
    import threading

    from indexer.backends.whoosh import writer as writer_module

    gate = threading.Event()
    original = ArticleWriter._write_batch

    def slow(self, whoosh_writer, batch):
        assert gate.wait(30)
        original(self, whoosh_writer, batch)

    monkeypatch.setattr(ArticleWriter, "_write_batch", slow)
    assert writer_module.GROWTH == 2
    stories = _stories(12)
    with ArticleWriter(tmp_path / "ix", commit_every=2, procs=2) as writer:
        for story in stories[:2]:
            writer.write(story, new=True)  # due: the first commit is in flight
        assert writer._flight.is_alive() and not writer._batch.articles
        for story in stories[2:5]:
            writer.write(story, new=True)
        assert len(writer._batch.articles) == 3 and writer.commits == 0  # grew past 2
        gate.set()
        writer._flight.join()
        gate.clear()
        writer.write(stories[5], new=True)  # the first commit landed: this one starts
        assert writer.commits == 1 and len(writer._landing.articles) == 4
        for story in stories[6:9]:
            writer.write(story, new=True)
        assert len(writer._batch.articles) == 3 and writer.commits == 1
        threading.Timer(0.3, gate.set).start()
        writer.write(stories[9], new=True)  # 4 = GROWTH * 2: waits for the flight to land
        assert writer.commits == 2 and len(writer._landing.articles) == 4
        gate.set()
        for story in stories[10:]:
            writer.write(story, new=True)
    assert _state(tmp_path / "ix") == {normalize_url(s.url): s.body for s in stories}
