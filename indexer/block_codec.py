"""Posting blocks: pickled with protocol 3, and their first document number changeable
without decompressing them.

Whoosh pickles each block of up to 128 postings (id deltas, weights, encoded values) with
protocol 2, which has no opcode for bytes: each value is pickled as a call of
`_codecs.encode` on its latin-1 text, and unpickled by calling it again. Protocol 3 writes
bytes as they are. On one segment's English bodies (12,500 synthetic articles, 44,000
blocks) that made the pickles 129 -> 79 MB and 43 -> 25 MB compressed, pickling 1.83 ->
0.38 s, compressing 2.6 -> 1.8 s, and unpickling (every broad query's first cost) 2.12 ->
0.64 s. So every pickle newsdex writes in the postings and terms files (blocks, their
headers, inlined postings; `PROTOCOL`) is protocol 3, Whoosh's writer included (its
`dumps`); any pickle reader reads either kind, so older indexes stay readable and mix
with new segments in a merge.

Each block is one zlib stream of its pickle, whose first delta is the block's first
document number. A merge shifts every block of a segment by the segment's base, so it
decompressed, unpickled, pickled and compressed every block it moved: half of a merge's
time (py-spy, 30,000 articles). Here a block's stream begins with a stored (uncompressed)
deflate block holding the pickle's first 26 bytes, the rest compressed as before:

    PROTO p, MARK, INT X POP, INT ~X POP, INT ~X POP, INT X   (X: the first number)

The three pushed-and-popped copies keep the stream's Adler-32 checksum: X sits at offsets 4
and 22, its complement at 10 and 16, so rewriting all four changes neither of the
checksum's two sums. A merge rewrites those 16 bytes and the small block header, and
nothing else. Readers see an ordinary zlib stream of an ordinary pickle: Whoosh and
newsdex's decoders read these blocks unchanged, and blocks written before are shifted the
old way.
"""

from __future__ import annotations

import struct
import zlib
from pickle import dumps

from whoosh.codec import whoosh3
from whoosh.util.numeric import length_to_byte

_PREFIX = 26  # pickle bytes in the stored block
_STORED = b"\x78\x9c" + b"\x00" + struct.pack("<HH", _PREFIX, 0xFFFF ^ _PREFIX)
_AT = len(_STORED)  # where the pickle starts in the stream
_INT = struct.Struct("<i")
_FIRST_INT = {ord("K"): 1, ord("M"): 2, ord("J"): 4}  # pickle's int opcodes: their widths
PROTOCOL = 3  # of every pickle written to the postings and terms files (and text_blocks
# frames values as protocol-3 items of bytes)
# zlib level of posting blocks (Whoosh's: 3). On the 44,000 protocol-3 blocks above, level 1
# compressed in 1.34 s instead of 1.86, to 25.0 MB instead of 24.6.
LEVEL = 1
_STARTS = (b"\x80\x02(", b"\x80\x03(")  # PROTO 2 or 3, MARK: a tuple of four or more
_SHIFTABLE = tuple(start + b"J" for start in _STARTS)


def _dumps(obj, protocol: int = PROTOCOL) -> bytes:
    """Whoosh's codec's `dumps` (block headers, inlined postings), with protocol 3."""
    return dumps(obj, max(protocol, PROTOCOL))


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


def _write_block(self, last: bool = False) -> None:
    """`W3PostingsWriter._write_block`, the block's data compressed by `compress_block`."""
    if not self._blockcount:
        self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
    self._terminfo.add_block(self)
    ids = self._ids
    block = encode_block(
        (self._mini_ids(), self._mini_weights(), self._mini_values()),
        (len(ids), ids[-1], self._maxweight, self._compression,
         length_to_byte(self._minlength), length_to_byte(self._maxlength)))
    self._postfile.write_int(-len(block) if last else len(block))
    self._postfile.write(block)
    self._blockcount += 1
    self._new_block()


whoosh3.W3PostingsWriter._write_block = _write_block
whoosh3.dumps = _dumps
