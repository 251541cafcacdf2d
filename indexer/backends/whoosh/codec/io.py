"""Index files read in place from the memory map, not copied into the process.

Whoosh maps each segment file and opens every part of it as a `BufferFile`, whose
constructor wraps the mapped bytes in `io.BytesIO`: a full copy. A searcher over an index
thus held the whole index in its own memory (figures: BENCHMARKS.md, design measurements).
Here a `BufferFile` reads through a small file-like view over the mapped memory instead, so
the operating system's page cache holds the index, shared by every process and released
under pressure. The codec's segments open their files this way
(`codec.format.NewsdexSegment`).

Segment maps are read at random by default: a page fault reads its page, not the much larger
window around it that the disk's read-ahead would fetch (with it, opening an index from a cold
disk and answering one query read far more than they used; figures: BENCHMARKS.md, design
measurements). What a query will read in a row, a posting list or a length column, it asks
for ahead (`read_ahead`), all segments at once, so that the reads overlap instead of waiting
one page fault at a time; a merge, which reads its segments from end to end, asks for the
usual read-ahead (`read_in_order`). Both return False where the system or the map cannot
take the advice (no map, no madvise, a closed map), and reading goes on as before.
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


class MappedBufferFile(structfile.BufferFile):
    """Whoosh's `BufferFile` over a part of a mapped segment, read in place: Whoosh's
    copies the bytes into an `io.BytesIO`. `mapping` is (the map, the part's offset in it)
    when the part comes from a map (for `read_ahead`)."""

    def __init__(self, buf, name=None, onclose=None, mapping=None) -> None:
        """A file over `buf` (bytes or a memoryview), closed through `onclose`."""
        self._buf = buf
        self._name = name
        self.file = MemoryView(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False
        self.mapping = mapping

    def subset(self, position: int, length: int, name=None) -> MappedBufferFile:
        """A file of `length` bytes from `position` (a copy, as Whoosh's)."""
        return MappedBufferFile(self.get(position, length), name=name or self._name)

    def read_pickle(self, protocol: int = -1):
        """Unpickle at the current position from a bounded slice (one copy of a few
        bytes), not opcode by opcode through read() calls."""
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


class MappedCompoundStorage(CompoundStorage):
    """Whoosh's compound segment file, its map advised as read at random, its parts
    opened as `MappedBufferFile`s."""

    def __init__(self, dbfile, use_mmap: bool = True, basepos: int = 0) -> None:
        """Open the compound file `dbfile` (mapped when `use_mmap` and the system can)."""
        super().__init__(dbfile, use_mmap=use_mmap, basepos=basepos)
        _advise(self._source, "MADV_RANDOM")

    def open_file(self, name, *args, **kwargs):
        """The part `name` of the compound file, read in place when the file is mapped."""
        if self._source is None or self.is_closed:
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return MappedBufferFile(memoryview(self._source)[offset:offset + length], name=name,
                                mapping=(self._source, offset))


def _advise(source, advice: str) -> bool:
    """madvise a whole map; False where the system or the map cannot."""
    if source is None or not hasattr(mmap, advice):
        return False
    try:
        source.madvise(getattr(mmap, advice))
    except (OSError, ValueError):  # a closed map
        return False
    return True


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
