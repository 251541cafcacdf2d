"""The Whoosh index and writers newsdex uses: subclasses of Whoosh's, with its codec.

`NewsdexIndex` is Whoosh's `FileIndex` whose `writer()` gives newsdex's writers:
- `NewsdexSegmentWriter`: Whoosh's `SegmentWriter` with the codec `NewsdexCodec`, a
  `GroupedPool` for its postings, and `add_document` keeping each text field of a
  grouped pool as its word codes (one posting of the whole field, expanded when the
  segment is written) instead of a posting per word; a pair field's postings are made
  from those codes then too;
- `NewsdexMpWriter`: Whoosh's parallel writer, whose job files are pickled with the
  highest protocol (protocol 2 pickles bytes, such as a document's word codes, through a
  `_codecs.encode` call each) and whose sub-writers (`NewsdexSubWriterTask`) are
  `NewsdexSegmentWriter`s running below the writing process's priority.

Whoosh's own classes are not changed (`tests/indexer/backends/whoosh/test_whoosh_unpatched.py`).
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path

import numpy as np
from whoosh import formats, multiproc, writing
from whoosh.fields import FieldType
from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name
from whoosh.util.text import utf8encode

from indexer.backends.whoosh.codec.format import NewsdexCodec
from indexer.backends.whoosh.codec.pairs import PairField
from indexer.backends.whoosh.codec.postings import TEXT, GroupedPool
from indexer.backends.whoosh.index_class import NewsdexIndex
from indexer.backends.whoosh.merge.policy import run_below_writer
from indexer.backends.whoosh.terms import codes as word_codes
from indexer.backends.whoosh.terms.term_keys import plan_for, plan_word_values


def _positions(field, plan, value: str):
    """`FieldType.index` of a Positions field through its analyzer's word plan."""
    for term, freq, weight, encoded in plan_word_values(field.format, plan, value):
        yield utf8encode(term)[0], freq, weight, encoded


@contextlib.contextmanager
def _unlock_on_error(writer):
    """Release the write lock a writer's constructor took when the constructor fails."""
    try:
        yield
    except BaseException:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            with contextlib.suppress(Exception):
                lock.release()
        raise


class NewsdexSegmentWriter(writing.SegmentWriter):
    """Whoosh's segment writer with newsdex's codec and grouped postings pool."""

    def __init__(self, ix, codec=None, limitmb: int = 128, grouped: bool = True,
                 **kwargs) -> None:
        """As Whoosh's (`ix`, `timeout`, `delay`, `limitmb`, ...); `codec` defaults to
        `NewsdexCodec`; `grouped=False` keeps Whoosh's own postings pool (the same files,
        written the slow way: what tests compare with). May raise Whoosh's `LockError`, or
        OSError creating the segment's files (the lock is then released: Whoosh's keeps it
        while anything holds the half-made writer, such as the error's traceback)."""
        with _unlock_on_error(self):
            super().__init__(ix, codec=codec or NewsdexCodec(), limitmb=limitmb, **kwargs)
        if grouped:
            self.pool = GroupedPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _field_postings(self, fieldname: str, field, value, codes: dict | None,
                        alone: bool):
        """The (term, frequency, weight, value) postings of one field of a document, as
        Whoosh's `field.index(value)` gives them; `alone`: no other name of the document
        uses the same field object (else the field is indexed Whoosh's way)."""
        pool = self.pool
        grouped = alone and type(pool) is GroupedPool and pool._grouped
        if type(field) is PairField:
            if not grouped:
                return field.index(value)
            if type(value) is not str or field.source not in pool._columns:
                pool._degroup()  # this document's pairs can only go in one by one from now
                return field.index(value)
            pool._pairs[fieldname] = field
            return []
        if (type(value) is not str or type(field.format) is not formats.Positions
                or type(field).index is not FieldType.index):
            return field.index(value)
        plan = plan_for(field.analyzer)
        if plan is None:
            return field.index(value)
        if not grouped:
            return _positions(field, plan, value)
        columns = pool.columns_for(fieldname, plan, field.format.field_boost)
        given = codes.get(fieldname) if codes else None
        if given is not None and given[0] == columns.vocab.serial:  # the writer's vocabulary
            words, length = np.frombuffer(given[1], dtype=np.int32), given[2]
        else:
            words, length = columns.analyze(value)
        return [(TEXT, length, 1.0, (columns, words))]

    def add_document(self, **fields) -> None:
        """Whoosh's `SegmentWriter.add_document`, each field's postings from
        `_field_postings`; `fields[word_codes.KEY]` may carry the text fields' word codes
        worked out by the writing process."""
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        add_post = self.pool.add
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        users: dict[int, int] = {}
        for name in fieldnames:
            users[id(schema[name])] = users.get(id(schema[name]), 0) + 1
        codes = fields.get(word_codes.KEY)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    items = self._field_postings(fieldname, field, value, codes,
                                                 users[id(field)] == 1)
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in items:
                        if scorable:
                            length += freq
                        add_post((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
                if field.separate_spelling():
                    spellfield = field.spelling_fieldname(fieldname)
                    for word in field.spellable_words(value):
                        add_post((spellfield, utf8encode(word)[0], 0, 1, None))
                if field.vector:
                    vitems = field.vector.word_values(value, field.analyzer, mode="index")
                    perdocwriter.add_vector_items(fieldname, field, sorted(
                        (text, weight, vbytes) for text, _, weight, vbytes in vitems))
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None,
                                       length)
                if field.column_type and customval is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type,
                                                  field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


class NewsdexSubWriterTask(multiproc.SubWriterTask):
    """Whoosh's sub-writer process, writing with `NewsdexSegmentWriter` below the writing
    process's priority."""

    def run(self) -> None:
        """Index the job files the parent queues until it sends None, then hand back the
        segment (or sorted run) written."""
        run_below_writer()
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = NewsdexSegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        if self.multisegment:
            result = (None, writer.pool.fieldnames, writer._finalize_segment())
        else:
            result = multiproc.finish_subsegment(writer, self.kwargs.get("k", 64))
        self.resultqueue.put(result, timeout=5)


class NewsdexMpWriter(multiproc.MpWriter):
    """Whoosh's parallel writer with newsdex's sub-writers and job files (the documents go
    to the sub-writers; this writer's own pool only merges their runs, Whoosh's way)."""

    def __init__(self, ix, procs=None, **kwargs) -> None:
        """As Whoosh's `MpWriter`; `codec` defaults to `NewsdexCodec`."""
        kwargs.setdefault("codec", NewsdexCodec())
        with _unlock_on_error(self):
            super().__init__(ix, procs=procs, **kwargs)

    def _new_task(self) -> NewsdexSubWriterTask:
        task = NewsdexSubWriterTask(self.storage, self.indexname, self.jobqueue,
                                    self.resultqueue, self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        """The buffered documents to a sub-writer, in a job file of the highest protocol."""
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in self.docbuffer:
                pickle.dump(item, f, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            self._new_task()
        self.jobqueue.put((filename, len(self.docbuffer)))
        self.docbuffer = []


def create_newsdex_index(folder: str | Path, schema, indexname: str = "MAIN") -> NewsdexIndex:
    """A new, empty `NewsdexIndex` of `schema` in the existing folder `folder` (as Whoosh's
    `index.create_in`)."""
    return NewsdexIndex.create(FileStorage(str(folder)), schema, indexname)
