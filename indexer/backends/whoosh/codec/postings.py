"""A new segment's postings gathered per term and written a block at a time.

Whoosh's segment writer puts every posting of a new segment into one pool of
(field, term, document, weight, value) tuples, sorts the whole pool when the segment is
finished, then hands the postings one by one to the postings writer, which checks each
posting's types and statistics before buffering it: pool bookkeeping, one large sort and a
call per posting, a large part of a sub-writer's time in a bulk load (figures: BENCHMARKS.md,
design measurements). Documents arrive in number order, so here each term keeps its own list
of postings, already in order: finishing a segment sorts only the terms, and each block of a
term (128 postings) is handed to Whoosh's own block encoder at once. The files are byte for
byte the ones Whoosh writes (`tests/indexer/backends/whoosh/codec/test_bulk_postings.py`).

A pool that outgrows the writer's memory limit (or gets postings out of document order)
turns back into Whoosh's own pool, which spills sorted runs to disk.

The segment writer (`segment_writer.NewsdexSegmentWriter`) fills the pool; the codec's
field writer (`codec.format.NewsdexFieldWriter`) writes it with `write_grouped`.
"""

from __future__ import annotations

from array import array

from whoosh import writing
from whoosh.codec import whoosh3

from indexer.backends.whoosh.codec.files import SegmentLengths
from indexer.backends.whoosh.codec.pairs import PairField
from indexer.backends.whoosh.codec.text_blocks import write_columns
from indexer.backends.whoosh.codec.text_columns import TextColumns

_PostingPool = writing.PostingPool
TEXT = object()  # the term of a posting that carries a whole text field (TextColumns)


class GroupedPool(_PostingPool):
    """Whoosh's `PostingPool`, with postings kept per field and term until it overflows."""

    def __init__(self, tempstore, segment, limitmb: int = 128, **kwargs) -> None:
        """An empty pool; `limitmb` as Whoosh's pool takes it."""
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._fields: dict[str, dict[bytes, list[tuple]]] = {}
        self._columns: dict[str, TextColumns] = {}
        self._pairs: dict[str, PairField] = {}  # pair fields made from their columns
        self._lastdoc = -1
        self._grouped = True

    def add(self, item: tuple) -> None:
        """Add one (field, term, document, weight, value) posting."""
        if item[1] is TEXT:
            return self._add_text(item)
        vbytes = item[4]
        if vbytes is not None and type(vbytes) is not bytes:  # Whoosh reads an inlined
            vbytes = bytes(vbytes) if vbytes else b""  # term without values as ""
            item = (*item[:4], vbytes)
        if not self._grouped:
            return _PostingPool.add(self, item)
        fieldname, tbytes, docnum = item[:3]
        if docnum < self._lastdoc or type(tbytes) is not bytes:
            self._degroup()
            return _PostingPool.add(self, item)
        self._lastdoc = docnum
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            terms[tbytes] = [item]
        else:
            postings.append(item)
        self.currentsize += 120 + len(tbytes) + (len(vbytes) if vbytes else 0)
        if self.currentsize > self.limit:
            self._degroup()
        return None

    def _add_text(self, item: tuple) -> None:
        """Keep a text field's word codes: (field, TEXT, document, boost, (columns, codes))."""
        fieldname, _text, docnum, fieldboost, (columns, codes) = item
        if not self._grouped or docnum < self._lastdoc:
            self._degroup()
            lone = columns.alone(docnum, codes, fieldboost)
            for posting in lone.postings().tuples(fieldname):
                _PostingPool.add(self, posting)
            return
        self._lastdoc = docnum
        columns.add(docnum, codes, fieldboost)
        self.fieldnames.add(fieldname)
        self.currentsize += codes.nbytes * 6 + 100
        if self.currentsize > self.limit:
            self._degroup()

    def columns_for(self, fieldname: str, plan, boost: float) -> TextColumns:
        """The text columns of a field in this pool (made on first use)."""
        columns = self._columns.get(fieldname)
        if columns is None:
            columns = self._columns[fieldname] = TextColumns(plan, boost)
        return columns

    def _degroup(self) -> None:
        """Hand everything to Whoosh's pool (which may spill it to disk) from now on."""
        self._grouped = False
        fields, self._fields = self._fields, {}
        columns, self._columns = self._columns, {}
        pairs, self._pairs = self._pairs, {}
        self.currentsize = 0
        for fieldname, field in pairs.items():
            for _term, postings in columns[field.source].pairs(field.words, fieldname):
                for item in postings:
                    _PostingPool.add(self, item)
        for terms in fields.values():
            for postings in terms.values():
                for item in postings:
                    _PostingPool.add(self, item)
        for fieldname, text in columns.items():
            for item in text.postings().tuples(fieldname):
                _PostingPool.add(self, item)

    def save(self) -> None:
        """Write the pool out as a sorted run (Whoosh's multiprocessing writer asks)."""
        if self._grouped:
            self._degroup()
        _PostingPool.save(self)

    def items(self):
        """Every posting in (field, term, document) order."""
        if not self._grouped:
            return _PostingPool.items(self)
        return GroupedPostings(self._fields, self._columns, self._pairs)

    iter_postings = items


class GroupedPostings:
    """A grouped pool's postings: iterable as Whoosh's sorted tuples, or by term."""

    def __init__(self, fields: dict[str, dict[bytes, list[tuple]]],
                 columns: dict[str, TextColumns] | None = None,
                 pairs: dict[str, PairField] | None = None) -> None:
        self.fields = fields
        self.columns = columns or {}
        self.pairs = pairs or {}

    def by_term(self):
        """(field, [(term, postings)] or Postings) in field order: a field's terms sorted,
        each term's postings in order; a text field's postings as arrays (`Postings`)."""
        for fieldname in sorted({*self.fields, *self.columns, *self.pairs}):
            if fieldname in self.pairs:
                field = self.pairs[fieldname]
                yield fieldname, self.columns[field.source].pairs(field.words, fieldname)
                continue
            if fieldname in self.columns:
                postings = self.columns[fieldname].postings()
                if len(postings):
                    yield fieldname, postings
                continue
            terms = self.fields[fieldname]
            yield fieldname, [(t, terms[t]) for t in sorted(terms)]

    def __iter__(self):
        for fieldname, terms in self.by_term():
            if fieldname in self.columns:
                yield from terms.tuples(fieldname)
                continue
            for _term, postings in terms:
                yield from postings


def write_grouped(fieldwriter: whoosh3.W3FieldWriter, schema, lengths,
                  grouped: GroupedPostings) -> None:
    """`FieldWriter.add_postings` for a grouped pool: Whoosh's blocks, a block per call."""
    codec = fieldwriter._codec
    for fieldname, terms in grouped.by_term():
        table = _length_table(lengths, fieldname)
        if fieldname in grouped.columns:
            write_columns(fieldwriter, fieldname, schema[fieldname], terms, table,
                          codec._blocklimit, codec._inlinelimit, codec._compression)
            continue
        fieldwriter.start_field(fieldname, schema[fieldname])
        for tbytes, postings in terms:
            postings = [p for p in postings if p[2] != -1]  # Whoosh's spelling-only rows
            if not postings:
                continue
            fieldwriter.start_term(tbytes)
            _write_term(fieldwriter._postwriter, postings, table)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _length_table(lengths, fieldname: str):
    """Each document's length in the field (None: zero), as Whoosh looks it up, or None
    when every length counts as 0 (no length column, no length statistics)."""
    if not lengths:
        return None
    if type(lengths) is SegmentLengths:
        try:
            return lengths._tables[fieldname]
        except KeyError:
            table = lengths._tables[fieldname] = lengths._table(fieldname)
            return table
    return _Lookup(lengths, fieldname)


class _Lookup:
    """Lengths through Whoosh's own per-document reader, one document at a time."""

    def __init__(self, lengths, fieldname: str) -> None:
        self._lengths, self._fieldname = lengths, fieldname

    def __getitem__(self, docnum: int):
        return self._lengths.doc_field_length(docnum, self._fieldname)


def _write_term(writer: whoosh3.W3PostingsWriter, postings: list[tuple], table) -> None:
    """Buffer and write one term's postings as `add_posting` would, one block at a time;
    the last block is left buffered for `finish_postings`."""
    limit = writer._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            writer._write_block()
        chunk = postings[start:start + limit]
        writer._ids = array("I", [p[2] for p in chunk])
        weights = [p[3] for p in chunk]
        writer._weights = array("f", weights)
        writer._values = [p[4] for p in chunk if p[4]]
        writer._maxweight = max(0, max(weights))
        if table is not None:
            sized = [n for n in (table[p[2]] for p in chunk) if n]
            writer._minlength = min(sized) if sized else None
            writer._maxlength = max(sized) if sized else 0
