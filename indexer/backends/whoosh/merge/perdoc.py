"""A merge's per-document data copied as bytes: stored fields, field lengths, columns.

Whoosh's merge (`SegmentWriter.write_per_doc`) rebuilds every document: it decompresses
and unpickles its stored fields, asks every field of the schema for the document's length,
then pickles and compresses the fields again, most of the time of `newsdex optimize`
(figures: BENCHMARKS.md, design measurements). Here a segment's documents go over column by
column: each document's stored fields as their compressed bytes, the length and fixed-width
columns as byte arrays with the deleted documents left out. The values read back are the
ones Whoosh's merge writes (`tests/indexer/backends/whoosh/merge/test_merging.py`); the stored
fields keep their order
within a document. Any other per-document writer or reader, a writer in the middle of a
document, or a field with term vectors goes through Whoosh's own `write_per_doc`.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec import whoosh3
from whoosh.columns import FixedBytesColumn, VarBytesColumn
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.backends.whoosh.codec.files import fixed_rows

_STORED = "_stored"
# A length byte as Whoosh's merge rewrites it: decoded to a length, encoded again.
_REENCODED = np.array([length_to_byte(byte_to_length(b) or 0) for b in range(256)],
                      dtype=np.uint8)
_DECODED = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.int64)


def copy_per_doc(sub, fieldnames: set[str], reader) -> dict[int, int] | None:
    """`sub.write_per_doc(fieldnames, reader)`: the reader's live documents appended to
    the new segment; returns Whoosh's document map (old -> new number when the segment has
    deletions, else None)."""
    pdw, perdoc = sub.perdocwriter, getattr(reader, "_perdoc", None)
    schema = sub.schema
    if (type(pdw) is not whoosh3.W3PerDocWriter or not isinstance(perdoc, whoosh3.W3PerDocReader)
            or pdw._indoc or any(schema[name].vector for name in fieldnames)):
        return sub.write_per_doc(fieldnames, reader)
    base, count = sub.docnum, reader.doc_count_all()
    live = np.array([d for d in range(count) if not reader.is_deleted(d)], dtype=np.int64) \
        if reader.has_deletions() else np.arange(count, dtype=np.int64)
    _copy_stored(pdw, perdoc, live, base)
    for name in sorted(fieldnames):
        lenfield = whoosh3._lenfield(name)
        if perdoc._cached_reader(lenfield, whoosh3.LENGTHS_COLUMN) is not None:
            lengths = fixed_rows(perdoc, lenfield, whoosh3.LENGTHS_COLUMN)[live, 0]
            pdw._fieldlengths[name] += int(_DECODED[lengths].sum())
            _append_fixed(pdw, lenfield, whoosh3.LENGTHS_COLUMN,
                          _REENCODED[lengths].reshape(-1, 1), base)
        column = schema[name].column_type
        if column is not None and perdoc._cached_reader(name, column) is not None:
            if not isinstance(column, FixedBytesColumn):  # not in newsdex's schema
                _copy_values(pdw, perdoc, name, column, live, base)
                continue
            _append_fixed(pdw, name, column, fixed_rows(perdoc, name, column)[live], base)
    pdw._doccount += len(live)
    sub.docnum += len(live)
    if not reader.has_deletions():
        return None
    return dict(zip(live.tolist(), range(base, base + len(live)), strict=True))


def _copy_values(pdw, perdoc, name: str, column, live: np.ndarray, base: int) -> None:
    """A column's values one by one, through its reader and writer."""
    values = perdoc._cached_reader(name, column)
    if not pdw._has_column(name):
        pdw._create_column(name, column)
    writer = pdw._get_column(name)
    for i, docnum in enumerate(live.tolist()):
        writer.add(base + i, values[docnum])


def _copy_stored(pdw, perdoc, live: np.ndarray, base: int) -> None:
    """Each document's stored fields as the compressed bytes they are."""
    stored = perdoc._cached_reader(_STORED, whoosh3.STORED_COLUMN)
    if stored is None:
        return
    source = stored._child
    target = pdw._get_column(_STORED)._child
    add = VarBytesColumn.Writer.add  # without the writer's compression
    raw = VarBytesColumn.Reader.__getitem__
    for i, docnum in enumerate(live.tolist()):
        value = raw(source, docnum)
        if value:
            add(target, base + i, value)


def _append_fixed(pdw, name: str, column: FixedBytesColumn, rows: np.ndarray,
                  base: int) -> None:
    """Append rows for documents `base`... as the column's writer would, value by value:
    values equal to the default are left for the writer to fill in."""
    if not pdw._has_column(name):
        pdw._create_column(name, column)
    writer = pdw._get_column(name)
    default = np.frombuffer(writer._defaultbytes, dtype=np.uint8)
    written = np.flatnonzero((rows != default).any(axis=1))
    if not len(written):
        return
    last = int(written[-1]) + 1
    if base > writer._count:
        writer.fill(base)
    writer._dbfile.write(rows[:last].tobytes())
    writer._count = base + last
