"""A text field's postings (`indexer.backends.whoosh.codec.text_columns.Postings`) written as
Whoosh's terms and posting blocks, the per-block work done with array arithmetic.

Writing a segment's text postings term by term, a block of 128 postings at a time, cost
as much Python as the arrays took to build: per block, lists sliced into tuples for the
pickle, the deltas of its ids, its statistics, and 128 bytes objects pickled one by one
(figures: BENCHMARKS.md, design measurements). Here the statistics of every block (its
weights, the shortest and longest document) come from `reduceat` over all postings at once,
and each block's values are pickled already: the postings' encoded positions lie in one
buffer framed as protocol-3 pickle items of bytes, in term and document order, so a block's
values are one slice of it once the memo index of each item is written in. A block is then
its ids and weights pickled by `pickle`, that slice, and the closing opcodes: exactly the
bytes of `pickle.dumps` of the (ids, weights, values) tuple
(`tests/indexer/backends/whoosh/codec/test_bulk_postings.py`
compares the files with Whoosh's).
"""

from __future__ import annotations

import pickle
import struct

import numpy as np
from whoosh.codec import whoosh3
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from indexer.backends.whoosh.codec.blocks import PROTOCOL, encode_pickled
from indexer.backends.whoosh.codec.text_columns import Postings

_MAGIC = whoosh3.WHOOSH3_HEADER_MAGIC
_TERMINFO = whoosh3.W3TermInfo._struct
_BLOCK_LENGTH = struct.Struct("!i")
_CLOSE = {1: b"\x85", 2: b"\x86", 3: b"\x87"}  # TUPLE1-3; a longer tuple: MARK ... TUPLE
_NO_LENGTH = 1 << 16  # above every length byte: stands for "no length" in a minimum


def _length_bytes(docs: np.ndarray, table) -> np.ndarray:
    """Whoosh's `length_to_byte` of each posting's document length (0 for no length)."""
    if table is None:
        return np.zeros(len(docs), dtype=np.int64)
    lengths, where = np.unique(np.array([n or 0 for n in table], dtype=np.int64)[docs],
                               return_inverse=True)
    return np.array([length_to_byte(n) for n in lengths.tolist()], dtype=np.int64)[where]


def _per_range(ufunc: np.ufunc, values: np.ndarray, begins: np.ndarray,
               ends: np.ndarray) -> np.ndarray:
    """`ufunc` reduced over each non-empty range values[begin:end]."""
    if not len(begins):
        return np.zeros(0, dtype=values.dtype)
    padded = np.r_[values, values[:1]]  # an end at len(values) is a valid index
    return ufunc.reduceat(padded, np.ravel(np.column_stack([begins, ends])))[::2]


class _Blocks:
    """Every block of the terms with posting lists of their own, with its statistics."""

    def __init__(self, postings: Postings, lbytes: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray, blocklimit: int) -> None:
        counts = (ends - starts + blocklimit - 1) // blocklimit
        firsts = (np.cumsum(counts) - counts).tolist()
        self.of_term = [range(first, first + count)
                        for first, count in zip(firsts, counts.tolist(), strict=True)]
        term = np.repeat(np.arange(len(starts)), counts)
        nth = np.arange(len(term)) - np.repeat(np.cumsum(counts) - counts, counts)
        begins = starts[term] + nth * blocklimit
        stops = np.minimum(begins + blocklimit, ends[term])
        self.begins, self.ends = begins.tolist(), stops.tolist()
        self.last_ids = postings.docs[stops - 1].tolist() if len(stops) else []
        self.top = _per_range(np.maximum, postings.weights, begins, stops).tolist()
        shortest = _per_range(np.minimum, np.where(lbytes > 0, lbytes, _NO_LENGTH), begins,
                              stops)
        self.shortest = np.where(shortest == _NO_LENGTH, 0, shortest).tolist()
        self.longest = _per_range(np.maximum, lbytes, begins, stops).tolist()
        low = _per_range(np.minimum, postings.stored, begins, stops)
        high = _per_range(np.maximum, postings.stored, begins, stops)
        # `W3PostingsWriter._mini_weights`: None when all are 1, one value when all equal
        self.kind = np.where(low != high, 2, np.where(low == 1.0, 0, 1)).tolist()
        # Each value's memo index in its block's pickle: after the ids' tuple (0) and the
        # weights' tuple (1) when there is one; written after the value's BINPUT.
        sizes = stops - begins
        within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        at = np.repeat(begins, sizes) + within
        buffer = postings.buffer
        buffer[postings.ends[at] + 1] = within + np.repeat(
            np.where(np.array(self.kind, dtype=np.int64) == 2, 2, 1), sizes)
        # The ids as pickled: differences, each block's first one its document number.
        deltas = np.diff(postings.docs, prepend=0)
        deltas[begins] = postings.docs[begins]
        self.deltas = deltas.tolist()
        self.raw = buffer.tobytes()
        # Where each block's framed values begin (before the first one's opcode and
        # length: 2 bytes, or 5 for a value of 256 bytes or more) and end (after the last
        # one's memo index).
        firsts = postings.begins[begins]
        self.values_from = (firsts - np.where(postings.ends[begins] - firsts < 256, 2, 5)
                            ).tolist()
        self.values_to = (postings.ends[stops - 1] + 2).tolist()


def write_columns(fieldwriter: whoosh3.W3FieldWriter, fieldname: str, fieldobj,
                  postings: Postings, table, blocklimit: int, inlinelimit: int,
                  compression: int) -> None:
    """Write a field's postings as Whoosh's `W3FieldWriter` would, term by term."""
    fieldwriter.start_field(fieldname, fieldobj)
    postfile, add_term = fieldwriter._postfile, fieldwriter._tindex.add
    prefix = pack_ushort(fieldwriter._fieldid)
    lbytes = _length_bytes(postings.docs, table)
    bounds = np.flatnonzero(np.r_[True, postings.term_rank[1:] != postings.term_rank[:-1],
                                  True]) if len(postings) else np.zeros(1, dtype=np.int64)
    listed = np.diff(bounds) >= inlinelimit
    blocks = _Blocks(postings, lbytes, bounds[:-1][listed], bounds[1:][listed], blocklimit)
    of_term = iter(blocks.of_term)  # the block numbers of each listed term, in order
    docs, weights, stored = postings.docs.tolist(), postings.weights.tolist(), \
        postings.stored.tolist()
    lbytes_list = lbytes.tolist()
    for n, text in enumerate(postings.texts):
        start, end = int(bounds[n]), int(bounds[n + 1])
        df = end - start
        if df < inlinelimit:
            ids, ws = tuple(docs[start:end]), tuple(stored[start:end])
            sized = [b for b in lbytes_list[start:end] if b]
            minl, maxl = (min(sized), max(sized)) if sized else (0, 0)
            info = _TERMINFO.pack(1, sum(ws), df, minl, maxl, max(0, *weights[start:end]),
                                  ids[0], ids[-1])
            raw = blocks.raw
            values = tuple(raw[b:e] for b, e in zip(postings.begins[start:end].tolist(),
                                                    postings.ends[start:end].tolist(),
                                                    strict=True))
            info += pickle.dumps((ids, ws, values), PROTOCOL)
        else:
            offset = postfile.tell()
            postfile.write(_MAGIC)
            total, maxweight, minl, maxl = _write_blocks(postfile, blocks, next(of_term),
                                                         stored, compression)
            info = _TERMINFO.pack(0, total, df, minl, maxl, maxweight, docs[start],
                                  docs[end - 1])
            info += pack_long(offset) + pack_int(postfile.tell() - offset)
        add_term(prefix + text.encode("utf-8"), info)
    fieldwriter.finish_field()


def _write_blocks(postfile, blocks: _Blocks, which: range, stored: list[float],
                  compression: int) -> tuple[float, float, int, int]:
    """Write one term's blocks; returns its total weight, top weight, shortest and longest
    length bytes."""
    total, maxweight, minl, maxl = 0, 0, 0, 0
    last = which[-1]
    for j in which:
        b, e = blocks.begins[j], blocks.ends[j]
        size = e - b
        ws = stored[b:e]
        total += sum(ws)
        kind = blocks.kind[j]
        mini = None if kind == 0 else ws[0] if kind == 1 else tuple(ws)
        top = blocks.top[j]
        bweight = top if top > 0 else 0
        maxweight = max(maxweight, bweight)
        bmin, bmax = blocks.shortest[j], blocks.longest[j]
        minl = bmin if not minl else min(minl, bmin) if bmin else minl
        maxl = max(maxl, bmax)
        memo = 2 if kind == 2 else 1
        ids = tuple(blocks.deltas[b:e])
        head = pickle.dumps((ids, mini), PROTOCOL)[:-4]  # without TUPLE2, BINPUT, STOP
        pickled = b"".join((
            head, b"(" if size > 3 else b"",
            blocks.raw[blocks.values_from[j]:blocks.values_to[j]],
            b"t" if size > 3 else _CLOSE[size],
            bytes((0x71, memo + size, 0x87, 0x71, memo + size + 1, 0x2E))))
        block = encode_pickled(pickled, (size, blocks.last_ids[j], bweight, compression,
                                         bmin, bmax))
        postfile.write(_BLOCK_LENGTH.pack(-len(block) if j == last else len(block)))
        postfile.write(block)
    return total, maxweight, minl, maxl
