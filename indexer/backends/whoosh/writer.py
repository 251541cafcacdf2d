"""The index on disk: opening or creating it, and writing articles into it.

An article's id is its normalized URL or a hash of its text. Writing an article whose id is
already indexed replaces it when its text changed and leaves it alone when it did not; an
exact copy of an indexed text (another file, another URL) is recorded as a further origin of
the stored article instead of a second document. A near-duplicate (the same story with a new
headline, a paragraph less, a line of boilerplate more) is stored with `dup_of` naming the
first copy (see indexer.duplicates.minhash). Commits come every `commit_every` articles or
`commit_seconds`, whichever first (with sub-writers, a batch due while the last commit is
still in flight grows until it lands, up to GROWTH times `commit_every`): a killed run loses
at most that much, and a Whoosh commit is atomic (the new segment list is renamed into
place), so the index always opens.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError
from whoosh.writing import NO_MERGE

from indexer.article import Article
from indexer.backends import DEFAULT_WAIT
from indexer.backends.whoosh import bands, completion
from indexer.backends.whoosh.codec.pairs import first_pair_fields, pair_fields, with_pairs
from indexer.backends.whoosh.copies import NearDuplicates
from indexer.backends.whoosh.deletions import Deletions
from indexer.backends.whoosh.documents import Copy, article_from_stored, document_fields
from indexer.backends.whoosh.merge.background import BackgroundMerges
from indexer.backends.whoosh.merge.policy import children_die_with_parent, merge_tiered
from indexer.backends.whoosh.schema import dedup_fields, text_field
from indexer.backends.whoosh.segment_keys import IndexedTerms
from indexer.backends.whoosh.store import (  # noqa: F401 (re-exported: where callers have found them)
    DEFAULT_INDEX_DIR,
    INDEX_NAME,
    IndexReport,
    default_index_dir,
    open_index,
)
from indexer.backends.whoosh.terms import caches as word_caches
from indexer.backends.whoosh.terms import codes as word_codes
from indexer.backends.whoosh.terms import vocabulary
from indexer.duplicates import minhash as dedup
from indexer.errors import IndexUnavailable

# Commit every COMMIT_EVERY articles or COMMIT_SECONDS, whichever first. Large commits
# make large segments, so far fewer merges (25,000 skips a merge tier of a 1M-article load;
# figures: BENCHMARKS.md, design measurements); a killed run loses at most about half a
# minute (and, with sub-writers, a batch that grew while the last commit was in flight:
# GROWTH).
COMMIT_EVERY = 25000
COMMIT_SECONDS = 30.0
# A batch due while the last one is still being committed goes on growing, up to GROWTH
# times commit_every: waiting for the sub-writers to finish their segments left the writing
# process idle at every commit (figures: BENCHMARKS.md, design measurements).
GROWTH = 2


@dataclass
class Batch:
    """Articles written since a commit began, by id, with their texts' hashes and LSH bands.
    Whoosh cannot replace a document it has only buffered, so they are handed to it at
    commit time."""

    articles: dict[str, tuple[Article, list[str], Copy]] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)  # ids known to be absent from the index
    by_hash: dict[str, str] = field(default_factory=dict)  # content hash -> id
    words: dict[str, dict] = field(default_factory=dict)  # id -> its text fields' codes
    bands: dedup.BandTable = field(default_factory=dedup.BandTable)


class ArticleWriter(NearDuplicates, Deletions):
    """One writer over the index for a run: classifies, adds and commits articles.

    With `procs` > 1 a commit started by `write` runs in a thread while the next articles
    are read and classified (against the index and both batches): Whoosh's sub-writer
    processes write the segments meanwhile, so reading no longer leaves a core idle.
    """

    def __init__(self, index_dir: str | Path, commit_every: int = COMMIT_EVERY,
                 wait: float = DEFAULT_WAIT, commit_seconds: float = COMMIT_SECONDS,
                 near_duplicates: bool = True, on_wait: Callable[[str], None] | None = None,
                 procs: int = 1, min_batch: int = 0):
        self.ix = open_index(index_dir, create=True)
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.wait = wait
        self.on_wait = on_wait
        self.near_duplicates = near_duplicates
        self.procs = procs
        self.min_batch = min_batch  # the time rule cuts no smaller batch
        self.commits = 0
        self._migrate()
        self._searcher = self.ix.searcher()
        self._bands = bands.BandIndex()  # the index's LSH table, a segment at a time
        self._indexed = IndexedTerms()  # which ids and text hashes are surely not indexed
        self._batch = Batch()  # written since the last commit began
        self._landing: Batch | None = None  # being committed in the background
        self._flight: threading.Thread | None = None
        self._flight_error: BaseException | None = None
        self._last_commit = time.monotonic()
        self._merges = BackgroundMerges(Path(self.ix.storage.folder))

    def _migrate(self) -> None:
        """Add the near-duplicate fields to an index made before they existed."""
        missing = {k: v for k, v in dedup_fields().items() if k not in self.ix.schema}
        if not missing:
            return
        writer = self._whoosh_writer()
        for name, fieldtype in missing.items():
            writer.add_field(name, fieldtype)
        writer.commit()

    def _stored_by(self, fieldname: str, value: str) -> dict | None:
        if not self._indexed.may_hold(self._searcher.reader(), fieldname, value):
            return None
        docnum = self._searcher.document_number(**{fieldname: value})
        return None if docnum is None else self._searcher.stored_fields(docnum)

    def _batches(self) -> list[Batch]:
        """The articles not yet in the searcher's view: the newest batch first."""
        return [self._batch] if self._landing is None else [self._batch, self._landing]

    def _pending(self, article_id: str) -> tuple[Article, list[str], Copy] | None:
        for batch in self._batches():
            if article_id in batch.articles:
                return batch.articles[article_id]
        return None

    def _known(self, article: Article) -> tuple[Article, list[str]] | None:
        """The indexed (or pending) article with this id or, failing that, this text."""
        pending = self._pending(article.id)
        for batch in () if pending else self._batches():
            pending = batch.articles.get(batch.by_hash.get(article.content_hash, ""))
            if pending:
                break
        if pending:
            return pending[:2]
        stored = self._stored_by("id", article.id) or self._stored_by(
            "hash", article.content_hash)
        return None if stored is None else article_from_stored(stored)

    def classify(self, article: Article) -> str:
        """"new", "changed", "unchanged" or "duplicate" (an indexed text from elsewhere)."""
        known = self._known(article)
        if known is None:
            return "new"
        existing, origins = known
        if existing.id == article.id and existing.content_hash != article.content_hash:
            return "changed"
        if not article.origin or article.origin in origins:
            return "unchanged"
        return "duplicate"

    def entity_ids(self, kind: str) -> list[str]:
        """Ids of `kind` the committed index holds: the terms of its entity field."""
        reader = self._searcher.reader()
        if kind not in reader.schema.names():
            return []
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(kind)]

    def add_origin(self, article: Article) -> None:
        """Record `article.origin` as one more place the indexed copy of its text came from."""
        known = self._known(article)
        if known is None:
            self.write(article)
            return
        existing, origins = known
        if article.origin and article.origin not in origins:
            self.write(existing, [*origins, article.origin])

    def write(self, article: Article, origins: list[str] | None = None,
              new: bool = False) -> str | None:
        """Add or replace one article (its id decides which); returns the id it copies, if any.

        `new`: the caller classified the article as "new" (its id is not indexed), so it is
        added without looking for a stored copy to replace.
        """
        if origins is None:
            origins = [article.origin] if article.origin else []
        body = word_codes.numbered(article.body)
        copy = self._copy_state(article, new, body)
        batch = self._batch
        batch.words[article.id] = self._codes(article, body)
        if new and article.id not in batch.articles:
            batch.fresh.add(article.id)
        else:
            batch.fresh.discard(article.id)
        batch.articles[article.id] = (article, origins, copy)
        batch.by_hash[article.content_hash] = article.id
        if copy.sig is not None:
            batch.bands.add(article.id, copy.sig, copy.codes.tolist())
        size = len(batch.articles)
        due = size >= self.commit_every or (
            size >= self.min_batch
            and time.monotonic() - self._last_commit >= self.commit_seconds)
        # While a commit is in flight the batch grows (up to GROWTH times its size) instead
        # of waiting for it: reading goes on while the sub-writers finish their segments.
        if due and (self._flight is None or not self._flight.is_alive()
                    or size >= GROWTH * self.commit_every):
            self._commit(background=self.procs > 1)
        elif self._merges.due and self._flight is not None and not self._flight.is_alive():
            self._land()  # which starts the merge that commit asked for
        return copy.dup_of

    def _codes(self, article: Article, body: tuple) -> dict:
        """The word codes of the article's text fields (`indexer.backends.whoosh.terms.codes`),
        the body's pieces numbered once for them and its signature."""
        schema, found = self._searcher.schema, {}  # ix.schema reads the TOC again
        for kind, numbers in (("title", word_codes.numbered(article.title)[1]),
                              ("body", body[1])):
            name = text_field(kind, article.language)
            codes = word_codes.field_codes(schema, name, numbers)
            if codes is not None:
                found[name] = codes
        return found

    def _whoosh_writer(self):
        """Whoosh's writer: the index's write lock, waited for up to `wait` seconds.

        The lock is an fcntl lock that the kernel releases when its process dies, so a
        writer killed with SIGKILL leaves no stale lock behind: the next one just takes it.
        """
        try:
            return self.ix.writer(timeout=0.0, **self._writer_args())
        except OSError as exc:  # a read-only folder, a full disk
            raise IndexUnavailable(f"{self.ix.storage.folder}: cannot write the index "
                                   f"({exc.strerror or exc})") from exc
        except LockError:
            if self.wait <= 0:
                raise IndexUnavailable(
                    "the index is locked by another writer (another `newsdex index` or "
                    "`newsdex delete` is running); try again, or pass --wait SECONDS") from None
        if self.on_wait:
            self.on_wait(f"another writer holds the index lock; waiting up to "
                         f"{self.wait:g} s for it")
        try:
            return self.ix.writer(timeout=self.wait, delay=0.1, **self._writer_args())
        except LockError as exc:
            raise IndexUnavailable(
                f"the index stayed locked by another writer for {self.wait:g} s; nothing "
                "of this run after its last commit was written (run it again to finish)"
            ) from exc

    def _writer_args(self) -> dict:
        """Whoosh writer options: with `procs` > 1, that many processes analyze and write
        segments of their own (multisegment: no merge of them at commit)."""
        if self.procs > 1:
            children_die_with_parent()
            return {"procs": self.procs, "multisegment": True, "batchsize": 250,
                    "limitmb": 1024}
        return {"limitmb": 256}

    def commit(self) -> None:
        """Make everything written so far durable and visible to searchers."""
        self._commit(background=False)

    def _commit(self, background: bool) -> None:
        """Hand the batch to Whoosh; in a thread when `background` (see the class)."""
        self._land()
        self._last_commit = time.monotonic()
        batch = self._batch
        if not batch.articles:
            return
        self._add_pair_fields(batch)
        if self.procs > 1:  # sub-writers inherit the words the last ones analyzed
            vocabulary.learn(self.ix.schema, word_caches.take_back())
        writer = self._whoosh_writer()
        self._batch, self._landing = Batch(), batch
        if background:
            self._flight = threading.Thread(target=self._fly, args=(writer, batch),
                                            name="newsdex-commit", daemon=True)
            self._flight.start()
            return
        try:
            self._write_batch(writer, batch)
        except BaseException:
            self._batch, self._landing = batch, None  # not written: still pending
            raise
        self._landed()

    def _add_pair_fields(self, batch: Batch) -> None:
        """Pair fields (indexer.backends.whoosh.codec.pairs) for the text fields this batch is
        the first to write to, in a commit of their own: sub-writers read the schema from the
        index."""
        added = first_pair_fields(self.ix.schema, self._searcher, batch.articles.values())
        if added:
            writer = self._whoosh_writer()
            for name, fieldtype in added.items():
                writer.add_field(name, fieldtype)
            writer.commit(mergetype=NO_MERGE)

    def _fly(self, writer, batch: Batch) -> None:
        try:
            self._write_batch(writer, batch)
        except BaseException as exc:  # raised by the next commit, in the writing thread
            self._flight_error = exc

    def _land(self) -> None:
        """Wait for the commit in flight, if any; raise what failed it."""
        if self._flight is None:
            return
        self._flight.join()
        self._flight = None
        error, self._flight_error = self._flight_error, None
        if error is not None:
            self._landing = None
            raise error
        self._landed()

    def _landed(self) -> None:
        self.commits += 1
        # The interval counts from the end of a commit: one that merged for longer than
        # commit_seconds must not make the next article a commit (and a segment) of its own.
        self._last_commit = time.monotonic()
        landed, self._landing = self._landing, None
        # A fresh searcher: Whoosh's refresh() fails on a reader of an empty index.
        self._searcher.close()
        self._searcher = self.ix.searcher()
        if landed is not None:
            completion.update(self.ix.storage.folder, (a for a, _o, _c in
                                                       landed.articles.values()),
                              functools.partial(completion.live_count,
                                                self._searcher.reader()))
        self._bands.refresh(self._searcher.reader())
        self._merges.start(self.ix)

    def _write_batch(self, writer, batch: Batch) -> None:
        """Add or replace a batch's articles and commit (merging segments in tiers)."""
        pairs = pair_fields(writer.schema)
        try:
            for article, origins, copy in batch.articles.values():
                fields = with_pairs(document_fields(article, origins, copy), pairs)
                fields[word_codes.KEY] = batch.words.get(article.id)
                if article.id in batch.fresh:  # nothing to replace: skip the id lookups
                    writer.add_document(**fields)
                else:
                    writer.update_document(**fields)
            writer.commit(mergetype=self._merge_policy)
        except BaseException as exc:
            with contextlib.suppress(Exception):  # releases the lock, drops temp files
                writer.cancel()
            if isinstance(exc, OSError):
                unwritten = sum(len(b.articles) for b in self._batches())
                raise IndexUnavailable(
                    f"{self.ix.storage.folder}: cannot write the index "
                    f"({exc.strerror or exc}); everything committed before is intact, the "
                    f"last {unwritten} articles read were not written") from exc
            raise

    @property
    def merge_failed(self) -> str | None:
        """Why a background merge failed, if one did (its segments stay as they were)."""
        return self._merges.failed

    def _merge_policy(self, writer, segments: list) -> list:
        """Merges at commit: a finished background merge swapped in, then the tiers."""
        return merge_tiered(writer, self._merges.swap_in(segments), self._merges)

    def close(self) -> None:
        """Commit what is pending, wait for the merges, and release the searcher."""
        self.commit()
        while self._merges.running is not None:  # its commit may ask for the next
            self._merges.running.conn.poll(None)
            self._whoosh_writer().commit(mergetype=self._merge_policy)
            self._merges.start(self.ix)
        self._searcher.close()
        word_caches.forget()

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and issubclass(exc_type, IndexUnavailable):
            with contextlib.suppress(Exception):  # the lock or the disk failed: nothing
                self._land()  # more can be written
            self._merges.stop()
            self._searcher.close()
            return
        # Buffered documents are whole articles: keep them even when the run was interrupted.
        self.close()

