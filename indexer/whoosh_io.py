"""Index files read in place from the memory map, not copied into the process.

Whoosh maps each segment file and opens every part of it as a `BufferFile`, whose
constructor wraps the mapped bytes in `io.BytesIO`: a full copy. A searcher over an index
thus held the whole index in its own memory (858 MB resident for a 1 GB index of 30,000
articles). Here a `BufferFile` reads through a small file-like view over the mapped
memory instead, so the operating system's page cache holds the index, shared by every
process and released under pressure. Imported for its effect by `indexer.writer`.

Segment maps are read at random by default: a page fault reads its page, not the 8 MB
around it that this machine's disk read-ahead fetched (1.6 GB read from a cold disk to
open a 1M-article index and answer one query). What a query will read in a row, a
posting list or a length column, it asks for ahead (`read_ahead`), all segments at once,
so that the reads overlap instead of waiting one page fault at a time; a merge, which
reads its segments from end to end, asks for the usual read-ahead (`read_in_order`).
"""

from __future__ import annotations

import mmap
import pickle
from io import BytesIO

from whoosh.filedb import structfile
from whoosh.filedb.compound import CompoundStorage


class MemoryView:
    """A read-only file over a buffer (a memoryview of a mapped file), without a copy."""

    def __init__(self, buf) -> None:
        """Start at the beginning of `buf`."""
        self._buf = memoryview(buf)
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes from the current position (all the rest for -1)."""
        start = self._pos
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), start + size)
        self._pos = end
        return self._buf[start:end].tobytes()

    def readline(self, size: int = -1) -> bytes:
        """Bytes up to and including the next newline."""
        rest = self._buf[self._pos:].tobytes() if size < 0 else self._buf[
            self._pos:self._pos + size].tobytes()
        cut = rest.find(b"\n")
        line = rest if cut < 0 else rest[:cut + 1]
        self._pos += len(line)
        return line

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move to `offset` from the start (0), the current position (1) or the end (2)."""
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        """The current position."""
        return self._pos

    def close(self) -> None:
        """Nothing to release: the mapping belongs to the segment's storage."""


def _read_pickle(self, protocol: int = -1):
    """Unpickle at the current position from a bounded slice (one copy of a few bytes),
    not opcode by opcode through read() calls."""
    position = self.file.tell()
    size = 512
    while True:
        chunk = BytesIO(self._buf[position:position + size])
        try:
            value = pickle.load(chunk)
        except (EOFError, pickle.UnpicklingError):
            if position + size >= len(self._buf):
                raise
            size *= 16
            continue
        self.file.seek(position + chunk.tell())
        return value


def _buffer_file_init(self, buf, name=None, onclose=None) -> None:
    self._buf = buf
    self._name = name
    self.file = MemoryView(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


structfile.BufferFile.__init__ = _buffer_file_init
structfile.BufferFile.read_pickle = _read_pickle


_open_part = CompoundStorage.open_file


def _open_part_noting_place(self, name, *args, **kwargs):
    """`CompoundStorage.open_file`, noting the map and the part's offset in it."""
    part = _open_part(self, name, *args, **kwargs)
    if self._source is not None:
        part.mapping = (self._source, self.range(name)[0])
    return part


CompoundStorage.open_file = _open_part_noting_place


def _advise(source, advice: str) -> bool:
    """madvise a whole map; False where the system or the map cannot."""
    if source is None or not hasattr(mmap, advice):
        return False
    try:
        source.madvise(getattr(mmap, advice))
    except (OSError, ValueError):  # a closed map
        return False
    return True


_init_compound = CompoundStorage.__init__


def _init_compound_at_random(self, *args, **kwargs) -> None:
    """`CompoundStorage.__init__`, then the map advised as read at random."""
    _init_compound(self, *args, **kwargs)
    _advise(self._source, "MADV_RANDOM")


CompoundStorage.__init__ = _init_compound_at_random


def read_in_order(segment_reader) -> bool:
    """Give a segment's map the usual read-ahead back (a merge reads it in order)."""
    mapping = getattr(getattr(segment_reader._terms, "_postfile", None), "mapping", None)
    return mapping is not None and _advise(mapping[0], "MADV_NORMAL")


def posting_extent(terminfo) -> tuple[int, int]:
    """(offset, length) of a term's posting list in its segment's postings file."""
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the struct's 1-tuple
        length = length[0]
    return offset, length


def read_ahead(part, start: int, length: int) -> bool:
    """Ask the system to start reading `length` bytes at `start` of a mapped segment part
    into memory, without waiting for them; False where it cannot (no map, no madvise)."""
    mapping = getattr(part, "mapping", None)
    if mapping is None or length <= 0 or not hasattr(mmap, "MADV_WILLNEED"):
        return False
    source, base = mapping
    first = (base + start) // mmap.PAGESIZE * mmap.PAGESIZE  # madvise wants whole pages
    try:
        source.madvise(mmap.MADV_WILLNEED, first, base + start + length - first)
    except (OSError, ValueError):  # a closed map, or a range past its end
        return False
    return True
