"""Posting blocks: pickled with protocol 3, and their first document number changeable
without decompressing them.

Whoosh pickles each block of up to 128 postings (id deltas, weights, encoded values) with
protocol 2, which has no opcode for bytes: each value is pickled as a call of
`_codecs.encode` on its latin-1 text, and unpickled by calling it again. Protocol 3 writes
bytes as they are, so the pickles are smaller and faster to write, compress and read back
(unpickling is every broad query's first cost; figures: BENCHMARKS.md, design
measurements). So every pickle newsdex writes in the postings and terms files (blocks, their
headers, inlined postings; `PROTOCOL`) is protocol 3 (the codec's postings writer and
term info, `codec.format`); any pickle reader reads either kind.

Each block is one zlib stream of its pickle, whose first delta is the block's first
document number. A merge shifts every block of a segment by the segment's base, so it
decompressed, unpickled, pickled and compressed every block it moved, the largest part of a
merge. Here a block's stream begins with a stored (uncompressed) deflate block holding the
pickle's first 26 bytes, the rest compressed as before:

    PROTO p, MARK, INT X POP, INT ~X POP, INT ~X POP, INT X   (X: the first number)

The three pushed-and-popped copies keep the stream's Adler-32 checksum: X sits at offsets 4
and 22, its complement at 10 and 16, so rewriting all four changes neither of the
checksum's two sums. A merge rewrites those 16 bytes and the small block header, and
nothing else (`shift_block`; None for a block not written shiftable, which is shifted the
old way). Readers see an ordinary zlib stream of an ordinary pickle: Whoosh and newsdex's
decoders read these blocks unchanged.
"""

from __future__ import annotations

import struct
import zlib
from pickle import dumps

_PREFIX = 26  # pickle bytes in the stored block
_STORED = b"\x78\x9c" + b"\x00" + struct.pack("<HH", _PREFIX, 0xFFFF ^ _PREFIX)
_AT = len(_STORED)  # where the pickle starts in the stream
_INT = struct.Struct("<i")
_FIRST_INT = {ord("K"): 1, ord("M"): 2, ord("J"): 4}  # pickle's int opcodes: their widths
PROTOCOL = 3  # of every pickle written to the postings and terms files (and text_blocks
# frames values as protocol-3 items of bytes)
# zlib level of posting blocks (Whoosh's: 3): level 1 compresses markedly faster, for blocks
# barely larger (figures: BENCHMARKS.md, design measurements).
LEVEL = 1
_STARTS = (b"\x80\x02(", b"\x80\x03(")  # PROTO 2 or 3, MARK: a tuple of four or more
_SHIFTABLE = tuple(start + b"J" for start in _STARTS)


def compress_block(pickled: bytes, level: int) -> bytes:
    """zlib stream of a block's pickle, with its first number shiftable when the ids are
    a tuple of four or more (else plain `zlib.compress`)."""
    width = _FIRST_INT.get(pickled[3]) if pickled[:3] in _STARTS else None
    if width is None:
        return zlib.compress(pickled, level)
    first = int.from_bytes(pickled[4:4 + width], "little", signed=width == 4)
    prefix = _prefix(first, pickled[1])
    rest = pickled[4 + width:]
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = deflate.compress(rest) + deflate.flush()
    return (_STORED + prefix + body
            + struct.pack(">I", zlib.adler32(rest, zlib.adler32(prefix))))


def encode_block(data: tuple, header: tuple) -> bytes:
    """A W3 block without its length: the pickled header (count, last id, max weight,
    compression, shortest and longest length byte), then the (id deltas, weights, values)
    pickle, compressed by `compress_block` when the header says so."""
    return encode_pickled(dumps(data, PROTOCOL), header)


def encode_pickled(pickled: bytes, header: tuple) -> bytes:
    """`encode_block` of a block whose (id deltas, weights, values) are pickled already."""
    comp = header[3]
    return dumps(header, PROTOCOL) + (compress_block(pickled, comp) if comp else pickled)


def shift_block(data: bytes, base: int) -> bytes | None:
    """The block's zlib stream with its first number plus `base`; None if it was not
    written shiftable."""
    if data[:_AT] != _STORED or data[_AT:_AT + 4] not in _SHIFTABLE:
        return None
    first = _INT.unpack_from(data, _AT + 4)[0]
    return data[:_AT] + _prefix(first + base, data[_AT + 1]) + data[_AT + _PREFIX:]


def _prefix(first: int, protocol: int) -> bytes:
    number = _INT.pack(first)
    complement = bytes(255 - b for b in number)
    return (bytes((0x80, protocol)) + b"(J" + number + b"0J" + complement + b"0J"
            + complement + b"0J" + number)
