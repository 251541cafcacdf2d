"""The newsdex storage format: a named Whoosh codec, subclassing Whoosh's W3 classes.

`NewsdexCodec` is passed where Whoosh takes a codec (`codec=` of its writers); every
segment it makes pickles it, so a reader of that segment gets newsdex's classes back and
Whoosh's own classes stay as they are. What each part changes, and why (figures in
BENCHMARKS.md):

- posting blocks are pickled with protocol 3 and written first-number-shiftable
  (`codec.blocks`), and so are the inlined postings of short terms (`NewsdexTermInfo`);
- terms of fewer than INLINE_LIMIT postings are inlined in the terms table (Whoosh reads
  inlined postings; its writer calls a `set_inline` that W3TermInfo lacks);
- the term and posting files count their bytes instead of asking `tell()` (`codec.files`);
- a segment's field lengths are read once per field when its postings are written, and a
  grouped pool's postings are written a block at a time (`codec.postings`);
- a segment's columns remember the ones it lacks (`NewsdexPerDocReader`);
- compound segment files are read in place from their memory map (`codec.io`).

The bytes are those of Whoosh's W3 format apart from the pickle protocol, so Whoosh's
readers read a newsdex segment unchanged. FORMAT_NAME and FORMAT_VERSION go into the
index's `newsdex.json`; bump FORMAT_VERSION when segments written before cannot be read.
"""

from __future__ import annotations

from pickle import dumps

from whoosh.codec import whoosh3
from whoosh.util.numeric import length_to_byte

from indexer.backends.whoosh.codec.blocks import LEVEL, PROTOCOL, encode_block
from indexer.backends.whoosh.codec.files import CountingFile, SegmentLengths, cached_column
from indexer.backends.whoosh.codec.io import MappedCompoundStorage
from indexer.backends.whoosh.codec.postings import GroupedPostings, write_grouped
from indexer.backends.whoosh.terms import caches as word_caches
from indexer.backends.whoosh.terms import vocabulary

FORMAT_NAME = "newsdex-w3"
FORMAT_VERSION = 1
BLOCK_LIMIT = 128  # postings per block, as Whoosh's
INLINE_LIMIT = 16  # terms with fewer postings are inlined in the terms table


class NewsdexTermInfo(whoosh3.W3TermInfo):
    """W3's term statistics, able to take inlined postings and pickling them with
    protocol 3."""

    def set_inline(self, ids, weights, values) -> None:
        """Keep a short term's postings in the terms table (the name the writer calls)."""
        self.set_inlined(ids, weights, values)

    def to_bytes(self) -> bytes:
        """W3's bytes of the term info; inlined postings pickled with protocol 3."""
        if not self.is_inlined():
            return super().to_bytes()
        minlength = 0 if self._minlength is None else length_to_byte(self._minlength)
        minid = 0xFFFFFFFF if self._minid is None else self._minid
        maxid = 0xFFFFFFFF if self._maxid is None else self._maxid
        head = self._struct.pack(True, self._weight, self._df, minlength,
                                 length_to_byte(self._maxlength), self._maxweight, minid,
                                 maxid)
        return head + dumps(self._inlined, PROTOCOL)


class NewsdexPostingsWriter(whoosh3.W3PostingsWriter):
    """W3's posting-list writer, its blocks encoded by `codec.blocks.encode_block`."""

    def _write_block(self, last: bool = False) -> None:
        """Write the buffered postings as one block (`last`: the list's final block)."""
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


class NewsdexFieldWriter(whoosh3.W3FieldWriter):
    """W3's terms-and-postings writer of a new segment."""

    def _create_file(self, ext: str) -> CountingFile:
        """The segment's term or posting file, counting its bytes."""
        return CountingFile(super()._create_file(ext))

    def start_term(self, btext: bytes) -> None:
        """Begin the postings of term `btext` of the current field."""
        if self._postwriter is None:
            raise RuntimeError("start_term called before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, NewsdexTermInfo())

    def add_postings(self, schema, lengths, items) -> None:
        """Write every posting of `items` (Whoosh's sorted tuples, or a grouped pool's
        `GroupedPostings`), looking up document lengths in `lengths` (a per-document
        reader, or None)."""
        if isinstance(lengths, whoosh3.W3PerDocReader):
            lengths = SegmentLengths(lengths)
        if not isinstance(items, GroupedPostings):
            return super().add_postings(schema, lengths, items)
        write_grouped(self, schema, lengths, items)
        if word_caches.in_sub_writer():
            word_caches.hand_back(vocabulary.learned())
        return None


class NewsdexPerDocReader(whoosh3.W3PerDocReader):
    """W3's per-document reader, remembering the columns a segment does not have: Whoosh
    asked the file system (a `stat`) at every call for one, for every document of a merge."""

    def _cached_reader(self, fieldname, column):
        return cached_column(self, fieldname, column, super()._cached_reader)


class NewsdexSegment(whoosh3.W3Segment):
    """A W3 segment whose compound file is read in place from its memory map."""

    def open_compound_file(self, storage) -> MappedCompoundStorage:
        """The segment's compound file as a storage of its parts."""
        dbfile = storage.open_file(self.make_filename(self.COMPOUND_EXT))
        return MappedCompoundStorage(dbfile, use_mmap=storage.supports_mmap)


class NewsdexCodec(whoosh3.W3Codec):
    """Whoosh's W3 codec with newsdex's writers and readers; `name` names the format and
    each instance's `version` is the format version its segments were written in."""

    name = FORMAT_NAME

    def __init__(self, blocklimit: int = BLOCK_LIMIT, compression: int = LEVEL,
                 inlinelimit: int = INLINE_LIMIT) -> None:
        """Blocks of `blocklimit` postings compressed at zlib level `compression`; terms of
        fewer than `inlinelimit` postings inlined."""
        super().__init__(blocklimit, compression, inlinelimit)
        self.version = FORMAT_VERSION  # pickled with each segment: the version it was written in

    def postings_writer(self, dbfile, byteids: bool = False) -> NewsdexPostingsWriter:
        return NewsdexPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                     compression=self._compression,
                                     inlinelimit=self._inlinelimit)

    def field_writer(self, storage, segment) -> NewsdexFieldWriter:
        return NewsdexFieldWriter(self, storage, segment)

    def per_document_reader(self, storage, segment) -> NewsdexPerDocReader:
        return NewsdexPerDocReader(storage, segment)

    def new_segment(self, storage, indexname: str) -> NewsdexSegment:
        return NewsdexSegment(self, indexname)


def is_newsdex_segment(segment) -> bool:
    """Whether a segment of an index was written with this format's codec."""
    codec = segment.codec()
    return isinstance(codec, NewsdexCodec) and getattr(codec, "version", None) == FORMAT_VERSION

