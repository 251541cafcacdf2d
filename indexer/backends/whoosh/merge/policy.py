"""Whoosh writing at scale: how segments merge as an index grows, and the sub-writer
processes of parallel writing."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import heapq
import itertools
import os
import signal
from operator import itemgetter

from indexer.backends.whoosh.codec.files import SegmentLengths
from indexer.backends.whoosh.codec.io import read_in_order
from indexer.backends.whoosh.merge.blocks import BlockAppender
from indexer.backends.whoosh.merge.perdoc import copy_per_doc

MERGE_FACTOR = 10
# A segment up to a fifth short of a power of MERGE_FACTOR counts in that power's tier:
# sub-writers split a commit into segments a little above and below their share, and those
# just under a power of MERGE_FACTOR would be a tier lower, merged there and then a second
# time with their peers (most articles of a large load rewritten twice, not once; figures:
# BENCHMARKS.md, design measurements).
TIER_SLACK = 1.25
# No automatic merge makes a segment larger than this (Lucene's tiered policy stops at
# 5 GB): a full tier merges its smallest segments that fit, and `newsdex optimize` merges
# everything of an archive that stopped growing.
MAX_MERGED_DOCS = 500_000


def tier_of(size: int) -> int:
    """The merge tier of a segment of `size` documents (about log10 of its size)."""
    tier = 0
    while MERGE_FACTOR ** (tier + 1) <= size * TIER_SLACK:
        tier += 1
    return tier


def merge_tiered(writer, segments: list, background=None) -> list:
    """Whoosh merge policy: segments in tiers by size (powers of MERGE_FACTOR documents);
    a tier that holds MERGE_FACTOR segments is merged into one of the next tier (unless
    that would pass MAX_MERGED_DOCS: see `_fitting`).

    Each article is rewritten about once per tier (log10 of the index size), where
    Whoosh's default MERGE_SMALL, merging on a Fibonacci schedule, rewrote the growing
    segments at most commits, and merging took most of a bulk load's time (figures:
    BENCHMARKS.md, design measurements). With `background`
    (indexer.backends.whoosh.merge.background.BackgroundMerges) a large tier is left to a
    merging process, and the segments it merges stay as they are. Returns the segments the
    commit keeps: those left alone, then the segment merged now, if any.
    """
    busy = background.busy() if background is not None else set()
    tiers: dict[int, list] = {}
    kept, doomed = [], []
    for segment in segments:
        if segment.segment_id() in busy:
            kept.append(segment)
            continue
        tiers.setdefault(tier_of(max(1, segment.doc_count())), []).append(segment)
    for tier in sorted(tiers):
        group = tiers[tier]
        merged = _fitting(group) if len(group) >= MERGE_FACTOR else []
        chosen = {s.segment_id() for s in merged}
        kept.extend(s for s in group if s.segment_id() not in chosen)
        if background is not None and merged and background.take(merged):
            kept.extend(merged)
        else:
            doomed.extend(merged)
    return kept + merge_segments(writer, doomed) if doomed else kept


def _fitting(group: list) -> list:
    """The segments of a full tier to merge: all of them, or, when that would pass
    MAX_MERGED_DOCS, the smallest that together stay within it, once the tier holds twice
    its share (such a merge stays in its tier and only trims it: at 1,000,000 articles, ten
    100,000-article segments would have rewritten half of them at the last commit)."""
    if sum(s.doc_count() for s in group) <= MAX_MERGED_DOCS:
        return group
    if len(group) < 2 * MERGE_FACTOR:
        return []
    chosen, total = set(), 0
    for segment in sorted(group, key=lambda s: s.doc_count()):
        if total + segment.doc_count() > MAX_MERGED_DOCS:
            break
        chosen.add(segment.segment_id())
        total += segment.doc_count()
    return [s for s in group if s.segment_id() in chosen] if len(chosen) > 1 else []


def tier_floor(size: int) -> int:
    """The power of MERGE_FACTOR at or below `size` (the floor of its tier without slack)."""
    tier = 0
    while MERGE_FACTOR ** (tier + 1) <= size:
        tier += 1
    return MERGE_FACTOR ** tier


def merge_all(writer, segments: list) -> list:
    """Whoosh merge policy of `optimize`: every segment into one, without deleted documents."""
    if len(segments) == 1 and not segments[0].has_deletions():
        return segments
    return merge_segments(writer, segments)


def merge_segments(writer, segments: list) -> list:
    """[a new segment] holding the live documents of `segments`, in their order.

    Whoosh's own merge (`add_reader`) passes every posting through the writer's external
    sort, which spilled to disk and took most of a merge (figures: BENCHMARKS.md, design
    measurements). The segments' term lists are sorted already and their documents are
    renumbered in order, so here each term's postings stream from segment to segment
    straight into the new segment's writer, whole posting blocks at a time where a segment
    has no deletions.
    """
    ix = writer.storage.open_index(writer.indexname)
    return merge_into(ix, writer.storage, writer.schema, segments)[0]


def merge_into(ix, storage, schema, segments: list) -> tuple[list, list]:
    """([the merged segment] or [] when every document was deleted, docmaps): the
    segments of `storage` merged into a new segment of index `ix` (the same storage, or a
    staging folder of a background merge). A docmap is (base, None) for a segment without
    deletions (document n becomes base + n), else (base, {old: new})."""
    from whoosh.reading import SegmentReader

    from indexer.backends.whoosh.segment_writer import NewsdexSegmentWriter

    codecs = {type(s.codec()) for s in segments}  # plain Whoosh's segments merge as theirs
    sub = NewsdexSegmentWriter(ix, _lk=False, codec=segments[0].codec() if len(codecs) == 1
                               else None)
    readers = [SegmentReader(storage, schema, s) for s in segments]
    for reader in readers:
        read_in_order(reader)  # segment maps are read at random unless told (codec.io)
    try:
        docmaps = []
        names = set(schema.names())
        for reader in readers:
            base = sub.docnum
            indexed = {f for f in reader.indexed_field_names() if f in schema}
            docmap = copy_per_doc(sub, names | indexed, reader)
            docmaps.append((base, docmap))
        sub.perdocwriter.close()
        if sub.docnum == 0:  # every document was deleted
            sub.fieldwriter.close()
            sub._close_segment()
            return [], docmaps
        perdoc = sub.per_document_reader() if sub.codec.length_stats else None
        try:
            lengths = SegmentLengths(perdoc) if perdoc is not None else None
            _write_postings(sub.fieldwriter, schema, lengths, readers, docmaps)
        finally:
            if perdoc is not None:
                perdoc.close()
        sub._close_segment()
        sub._assemble_segment()
        return [sub.get_segment()], docmaps
    finally:
        for reader in readers:
            reader.close()
        sub.is_closed = True  # its temporary folder is the writer's, removed when that ends


def _write_postings(fieldwriter, schema, lengths, readers: list, docmaps: list) -> None:
    """Every term's postings of the readers into the new segment's field writer.

    A segment without deleted documents gives its posting blocks as they are, only
    renumbered (`indexer.backends.whoosh.merge.blocks`): its documents keep their order,
    shifted by the segment's base. A segment with deletions gives its live postings one by
    one.
    """
    dfl = lengths.doc_field_length if lengths is not None else (lambda _docnum, _field: 0)
    for fieldname in sorted(schema.names()):
        fieldobj = schema[fieldname]
        if not fieldobj.indexed:
            continue
        lexicons = [_term_infos(reader, fieldname, i) for i, reader in enumerate(readers)
                    if fieldname in reader.indexed_field_names()]
        fixed_size = fieldobj.format.fixed_value_size()
        started = False
        for btext, group in itertools.groupby(heapq.merge(*lexicons, key=itemgetter(0, 1)),
                                              key=itemgetter(0)):
            pieces = [p for p in (_piece(readers, docmaps, i, ti, fieldobj.format)
                                  for _, i, ti in group) if p[1]]
            if not pieces:
                continue  # every posting of the term was in a deleted document
            if not started:
                fieldwriter.start_field(fieldname, fieldobj)
                started = True
            fieldwriter.start_term(btext)
            appender = BlockAppender(fieldwriter._postwriter, fixed_size)
            for base, piece in pieces:
                if isinstance(piece, list):  # (new docnum, weight, value) postings
                    for docnum, weight, value in piece:
                        appender.add_posting(docnum, weight, value, dfl(docnum, fieldname))
                else:  # the term info of a segment whose blocks are copied
                    appender.add_list(readers[piece[0]]._terms._postfile, piece[1], base,
                                      whole=len(pieces) == 1)
            appender.finish()
            fieldwriter.finish_term()
        if started:
            fieldwriter.finish_field()


def _piece(readers: list, docmaps: list, number: int, terminfo, fmt) -> tuple:
    """(base, (number, term info)) to copy blocks from, or (0, [live postings])."""
    base, docmap = docmaps[number]
    if docmap is None and not terminfo.is_inlined():
        return base, (number, terminfo)
    terms = readers[number]._terms
    live = []
    for docnum, weight, value in _raw_postings(terms, terminfo, fmt):
        new = base + docnum if docmap is None else docmap.get(docnum)
        if new is not None:  # None: a deleted document
            live.append((new, weight, value))
    return 0, live




def _term_infos(reader, fieldname: str, number: int):
    """(term, number, term info) of each term of a field, in order, read sequentially
    from the terms table (no hash look-up per term); `number` says which reader."""
    for (name, btext), terminfo in reader._terms.items_from(fieldname, b""):
        if name != fieldname:
            return
        yield btext, number, terminfo


def _raw_postings(terms, terminfo, fmt):
    """(docnum, weight, value) of every posting of a term, deleted documents included."""
    if terminfo.is_inlined():  # a short list kept in the terms table (values may be absent)
        ids, weights, values = terminfo.inlined_postings()
        for n, docnum in enumerate(ids):
            yield docnum, weights[n], values[n] if n < len(values or ()) else None
        return
    matcher = terms._codec.postings_reader(terms._postfile, terminfo, fmt)
    while True:
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        yield from zip(matcher._ids, matcher._weights, matcher._values, strict=True)
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


@functools.cache
def children_die_with_parent() -> None:
    """Processes forked from here get SIGKILL when this one dies (Linux): a writer killed
    mid-commit must not leave Whoosh's sub-writers waiting forever on the lock it held."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    os.register_at_fork(after_in_child=lambda: libc.prctl(1, signal.SIGKILL))  # PDEATHSIG


# The writing process reads, classifies and numbers every article and feeds the sub-writers
# (indexer.backends.whoosh.terms.codes); with three processes on two cores, the sub-writers
# (and merges) run below it and take what it leaves (figures: BENCHMARKS.md, design
# measurements).
BACKGROUND_NICENESS = 5


def run_below_writer() -> None:
    """Lower this process's priority to BACKGROUND_NICENESS above the writing process's."""
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)
