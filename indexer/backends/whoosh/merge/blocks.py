"""Posting lists merged a block at a time: the fast path of `indexer.backends.whoosh.merge.policy`.

A W3 posting list is a run of blocks of up to 128 postings: a length (negative for the
last block), a pickled header (count, last id, max weight, compression, shortest and
longest document as length bytes) and the zlib-compressed pickle of (id deltas, weights,
values). The first id delta is the block's first document number, so a block moves into a
merged segment, whose documents keep their order shifted by a base, by changing that one
number and the header's last id: no posting is decoded into Python objects and re-encoded
one at a time, as Whoosh's merge does. Blocks written by newsdex keep that number outside
the compressed part (`indexer.backends.whoosh.codec.blocks`): a list whose blocks all are so is
moved with
its blocks' bytes rewritten in place, nothing decompressed; older blocks are decompressed,
renumbered and compressed again (in the shiftable form). Small blocks (a term's few
postings in a small segment) are packed together into full blocks first, so merged lists
stay as compact as Whoosh writes them.
"""

from __future__ import annotations

import io
import itertools
import pickle
import struct
import zlib
from array import array

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.util.numeric import byte_to_length

from indexer.backends.whoosh.codec.blocks import PROTOCOL, encode_block, shift_block
from indexer.backends.whoosh.codec.io import posting_extent

_INT = struct.Struct("!i")  # a block's length, as Whoosh's StructFile.write_int packs it
_SMALL = 8  # a block of fewer than limit / _SMALL postings is repacked, not shifted


class BlockAppender:
    """Appends source posting blocks, renumbered, to the term a `W3PostingsWriter` writes.

    Blocks of at least half the block limit are written as they are (renumbered); smaller
    ones are decoded into the writer's own buffer, which writes full blocks. The last block
    written is held back until the term ends, which decides whether it is the list's last.
    """

    def __init__(self, postwriter, fixed_size: int | None) -> None:
        """Append to the term `postwriter` has started; `fixed_size`: the format's value size."""
        self._pw = postwriter
        self._fixed = fixed_size
        self._limit = postwriter._blocklimit
        self._held: bytes | None = None

    def add_posting(self, docnum: int, weight: float, value: bytes | None, length) -> None:
        """One posting (of a segment with deletions), after everything appended so far."""
        self._write_held()
        self._pw.add_posting(docnum, weight, b"" if value is None else value, length)

    def add_list(self, postfile, terminfo, base: int, whole: bool = False) -> None:
        """Every block of one term's posting list in a source segment, shifted by `base`;
        `whole`: the list is all the term has, so its blocks need no repacking."""
        offset, length = posting_extent(terminfo)
        data = postfile.get(offset, length)
        if data[:4] != WHOOSH3_HEADER_MAGIC:
            raise ValueError(f"posting list at {offset} does not start with a block header")
        pw = self._pw
        if whole and base == 0 and not pw._blockcount and not pw._ids:
            pw._postfile.write(data)  # the same documents, the same numbers: byte for byte
            pw._blockcount += 1
            _add_terminfo(pw._terminfo, terminfo, base)
            return
        blocks, pos, end = [], 4, len(data)
        while pos < end:
            size = abs(_INT.unpack_from(data, pos)[0])
            blocks.append(data[pos + 4:pos + 4 + size])
            pos += 4 + size
        parts = [(*_split(block), block) for block in blocks]
        if not self._shift_all(parts, terminfo, base, whole):
            for header, raw, block in parts:
                self._add_block(header, raw, block, base, whole)

    def _shift_all(self, parts: list[tuple[tuple, bytes, bytes]], terminfo, base: int,
                   whole: bool) -> bool:
        """Write a list's blocks (header, data, whole block) renumbered in place
        (indexer.backends.whoosh.codec.blocks), none decoded; False when one of them was not written
        shiftable or is too small to stand."""
        shifted = []
        for header, raw, _block in parts:
            count, maxid, maxweight, comp, minbyte, maxbyte = header
            data = shift_block(raw, base) if comp else None
            if data is None or not (whole or count * _SMALL >= self._limit):
                return False
            info = pickle.dumps((count, maxid + base, maxweight, comp, minbyte, maxbyte),
                                PROTOCOL)
            shifted.append(info + data)
        self._write_held()
        if self._pw._ids:  # postings packed from small blocks before: a block of their own
            self._pw._write_block()
        for block in shifted:
            self._hold(block)
        _add_terminfo(self._pw._terminfo, terminfo, base)
        return True

    def finish(self) -> None:
        """Write what is held back, marking the list's last block; the caller then ends the
        term (`finish_term`), which writes any buffered postings as the last block."""
        if self._held is not None:
            self._write(self._held, last=not self._pw._ids)
            self._held = None

    def _add_block(self, header: tuple, raw: bytes, block: bytes, base: int,
                   whole: bool = False) -> None:
        count, maxid, maxweight, comp, minbyte, maxbyte = header
        ids, weights, values = pickle.loads(zlib.decompress(raw) if comp else raw)
        pw = self._pw
        if (whole or count * 2 >= self._limit) and not pw._ids:  # stands as a block
            if base:
                block = encode_block(((ids[0] + base, *ids[1:]), weights, values),
                                     (count, maxid + base, maxweight, comp, minbyte, maxbyte))
            self._hold(block)
            self._count_block(count, maxid + base, ids[0] + base, weights, maxweight,
                              minbyte, maxbyte)
            return
        self._write_held()
        absolute = [n + base for n in itertools.accumulate(ids)]
        if weights is None:
            weights = (1.0,) * count
        elif isinstance(weights, float):
            weights = (weights,) * count
        if self._fixed == 0 or values is None:
            values = ()
        elif self._fixed is not None and self._fixed > 0:
            values = [values[i:i + self._fixed] for i in range(0, len(values), self._fixed)]
        else:
            values = [v for v in values if v]  # Whoosh's writer keeps non-empty values only
        minlength = byte_to_length(minbyte) if minbyte else None
        maxlength = byte_to_length(maxbyte)
        start = 0
        while start < count:  # fill the buffer up to the block limit, then write it
            if len(pw._ids) >= self._limit:
                pw._write_block()
            take = min(count - start, self._limit - len(pw._ids))
            pw._ids.extend(absolute[start:start + take])
            pw._weights.extend(weights[start:start + take])
            if values:
                pw._values.extend(values[start:start + take])
            # the source block's bounds: exact for the term, conservative for a part of it
            pw._maxweight = max(pw._maxweight, maxweight)
            if minlength is not None:
                pw._minlength = minlength if pw._minlength is None else min(pw._minlength,
                                                                            minlength)
            pw._maxlength = max(pw._maxlength, maxlength)
            start += take

    def _count_block(self, count: int, maxid: int, minid: int, weights, maxweight: float,
                     minbyte: int, maxbyte: int) -> None:
        """Add a block written as it was to the term's statistics (`W3TermInfo.add_block`)."""
        if weights is None:
            weight = float(count)
        elif isinstance(weights, float):
            weight = sum(array("f", (weights,) * count))
        else:
            weight = sum(weights)
        _add_stats(self._pw._terminfo, weight, count, byte_to_length(minbyte),
                   byte_to_length(maxbyte), maxweight, minid, maxid)

    def _hold(self, block: bytes) -> None:
        self._write_held()
        self._held = block

    def _write_held(self) -> None:
        if self._held is not None:
            self._write(self._held, last=False)
            self._held = None

    def _write(self, block: bytes, last: bool) -> None:
        pw = self._pw
        out = pw._postfile
        if not pw._blockcount:
            out.write(WHOOSH3_HEADER_MAGIC)
        out.write(_INT.pack(-len(block) if last else len(block)))
        out.write(block)
        pw._blockcount += 1


def _add_terminfo(mine, theirs, base: int) -> None:
    """Add a whole source list's statistics (shifted by `base`) to the term's."""
    _add_stats(mine, theirs._weight, theirs._df, theirs._minlength, theirs._maxlength,
               theirs._maxweight, theirs._minid + base, theirs._maxid + base)


def _add_stats(info, weight: float, df: int, minlength, maxlength: int, maxweight: float,
               minid: int, maxid: int) -> None:
    """Add postings that follow the term's so far to its statistics, as
    `W3TermInfo.add_block` does; a minimum length of 0 (or None) means the field keeps no
    lengths (Whoosh's None, stored as byte 0)."""
    info._weight += weight
    info._df += df
    if minlength:
        info._minlength = minlength if info._minlength is None else min(info._minlength,
                                                                        minlength)
    info._maxlength = max(info._maxlength, maxlength)
    info._maxweight = max(info._maxweight, maxweight)
    if info._minid is None:
        info._minid = minid
    info._maxid = maxid


def _split(block: bytes) -> tuple[tuple, bytes]:
    """A block's header (count, last id, max weight, compression, length bytes) and the
    (possibly compressed) pickle of its postings after it."""
    stream = io.BytesIO(block)
    header = pickle.load(stream)
    return header, block[stream.tell():]
