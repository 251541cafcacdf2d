"""Segment files written without system calls per term or per posting.

- Whoosh's term-file and posting-file writers ask the file for its position (`tell()`) at
  every term and every posting list, to record where it starts. On a buffered file each
  `tell()` is an `lseek` system call. Here those two files count the bytes written instead
  (`CountingFile`: write-only; `raw_file` raises NotImplementedError, as bytes written
  around it would not be counted).
- Writing a posting looks up its document's field length, to keep each block's shortest
  and longest document (for top-k skipping). Whoosh reads it from the length column with a
  seek and a read per posting, and checks that the column file exists with a `stat` per
  posting. Here each field's lengths are read once per segment (`SegmentLengths`,
  `fixed_rows`). A segment without lengths for a field was asked again at every document
  (`stat`): the answer is kept (`cached_column`).

Both per-call costs were measured in bulk loads and merges (figures: BENCHMARKS.md, design
measurements).

The bytes on disk are unchanged: `tests/indexer/backends/whoosh/terms/test_fast_terms.py` and
`tests/indexer/backends/whoosh/merge/test_merging.py`
compare indexes written both ways. Used by the codec (`codec.format`).
"""

from __future__ import annotations

import pickle
from array import array

import numpy as np
from whoosh.codec import whoosh3
from whoosh.filedb.structfile import StructFile
from whoosh.util.numeric import byte_to_length


class CountingFile(StructFile):
    """A write-only `StructFile` that knows its position without asking the system."""

    def __init__(self, inner: StructFile) -> None:
        """Take over `inner` (same file object, name and close hook) at its position."""
        self.__dict__.update(inner.__dict__)
        self._pos = inner.tell()

    def write(self, data) -> int:
        """Write bytes and advance the count."""
        self._pos += len(data) if type(data) is bytes else memoryview(data).nbytes
        return self.file.write(data)

    def tell(self) -> int:
        """The position: the bytes written so far."""
        return self._pos

    def seek(self, *args) -> int:
        """Move, and take the file's new position."""
        self.file.seek(*args)
        self._pos = self.file.tell()
        return self._pos

    def write_pickle(self, obj, protocol: int = -1) -> None:
        """Pickle `obj` into the file, through `write`."""
        self.write(pickle.dumps(obj, protocol))

    def raw_file(self):
        """Not available: bytes written around `write` would not be counted."""
        raise NotImplementedError("CountingFile is written through its own methods only")

    def write_array(self, arry: array) -> None:
        """Write an array big-endian, as `StructFile.write_array` does, through `write`."""
        data = array(arry.typecode, arry)
        if data.itemsize > 1 and array("H", [1]).tobytes()[0] == 1:  # little-endian host
            data.byteswap()
        self.write(data.tobytes())


_LENGTH_OF_BYTE = [None] + [byte_to_length(b) for b in range(1, 256)]


def fixed_rows(perdoc: whoosh3.W3PerDocReader, name: str, column) -> np.ndarray | None:
    """A fixed-width column of a segment (lengths, numbers, fixed bytes) as one row of bytes
    per document, documents past the last value written holding the default; None when
    the segment has no such column. One read, not one per document."""
    reader = perdoc._cached_reader(name, column)
    if reader is None:
        return None
    width, count = reader._fixedlen, reader._count
    rows = np.empty((perdoc._doccount, width), dtype=np.uint8)
    if count:
        raw = reader._dbfile.get(reader._basepos, count * width)
        rows[:count] = np.frombuffer(raw, dtype=np.uint8).reshape(count, width)
    rows[count:] = np.frombuffer(reader._defaultbytes, dtype=np.uint8)
    return rows


class SegmentLengths:
    """A segment's per-document field lengths, each field read once, as Whoosh gives them."""

    def __init__(self, perdoc: whoosh3.W3PerDocReader) -> None:
        """Read lazily from `perdoc` (the new segment's per-document reader)."""
        self._perdoc = perdoc
        self._tables: dict[str, list | None] = {}

    def _table(self, fieldname: str) -> list | None:
        rows = fixed_rows(self._perdoc, whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        return None if rows is None else [_LENGTH_OF_BYTE[b] for b in rows[:, 0].tolist()]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        """`W3PerDocReader.doc_field_length`: None for a zero length, `default` without
        a length column."""
        try:
            table = self._tables[fieldname]
        except KeyError:
            table = self._tables[fieldname] = self._table(fieldname)
        return default if table is None else table[docnum]


def cached_column(perdoc, fieldname: str, column, open_column):
    """`W3PerDocReader._cached_reader` through `open_column`, remembering a column that
    does not exist (None) as well as one that does (a segment's files never change)."""
    if fieldname in perdoc._readers:
        return perdoc._readers[fieldname]
    reader = perdoc._readers[fieldname] = open_column(fieldname, column)
    return reader
