"""`NewsdexIndex`, the Whoosh file index newsdex opens, without its writers' code: a
searching process (`newsdex search`) imports this, and the writers (segment_writer) load on
the first `writer()` call."""

from __future__ import annotations

from whoosh.index import FileIndex


class NewsdexIndex(FileIndex):
    """A Whoosh file index written by newsdex's writers and codec."""

    def writer(self, procs: int = 1, **kwargs):
        """A writer holding the index's lock (Whoosh's options); `procs` > 1: parallel."""
        from indexer.backends.whoosh.codec.format import NewsdexCodec
        from indexer.backends.whoosh.segment_writer import NewsdexMpWriter, NewsdexSegmentWriter

        kwargs.setdefault("codec", NewsdexCodec())
        if procs > 1:
            return NewsdexMpWriter(self, procs=procs, **kwargs)
        return NewsdexSegmentWriter(self, **kwargs)
