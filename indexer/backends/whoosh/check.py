"""Verifying an index: every segment opens, documents count up, stored fields decode."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.backends.report import CheckReport
from indexer.backends.whoosh.codec.format import is_newsdex_segment
from indexer.backends.whoosh.index_class import NewsdexIndex
from indexer.backends.whoosh.store import INDEX_NAME, index_format, open_index
from indexer.errors import IndexUnavailable


def check_index(index_dir: str | Path) -> CheckReport:
    """Open every segment of the index, read every stored document, report problems."""
    report = CheckReport(index_dir=str(index_dir))
    recorded = index_format(index_dir)
    if recorded.get("format"):
        report.format = f"{recorded['format']} {recorded.get('format_version')}"
    try:
        ix = open_index(index_dir)
    except IndexUnavailable as exc:
        report.problems.append(str(exc))
        return report
    report.generation = ix.latest_generation()
    lock = ix.storage.lock(f"{INDEX_NAME}_WRITELOCK")
    if lock.acquire(blocking=False):
        lock.release()
    else:
        report.locked = True  # a writer is running (not a problem by itself)
    try:
        segments = ix._segments()
    except Exception as exc:  # a damaged table of contents
        report.problems.append(f"cannot read the segment list: {exc!r}")
        return report
    report.segments = len(segments)
    foreign = [s.segment_id() for s in segments
               if isinstance(ix, NewsdexIndex) and not is_newsdex_segment(s)]
    if foreign:
        report.problems.append(f"{len(foreign)} segment(s) not written in this storage "
                               f"format ({', '.join(foreign[:3])}): index the sources again")
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            report.documents = reader.doc_count()
            report.deleted = reader.doc_count_all() - reader.doc_count()
            seen = 0
            for docnum, stored in reader.iter_docs():
                seen += 1
                problem = _stored_problem(stored)
                if problem:
                    report.problems.append(f"document {docnum}: {problem}")
            if seen != report.documents:
                report.problems.append(f"{report.documents} documents counted, {seen} read")
    except Exception as exc:
        report.problems.append(f"cannot read the documents: {exc!r}")
    return report


def _stored_problem(stored: dict) -> str | None:
    """Why a stored document is unusable, or None."""
    if not stored.get("id"):
        return "no id"
    try:
        record = json.loads(stored.get("record") or "{}")
    except (TypeError, ValueError) as exc:
        return f"record does not decode ({exc})"
    if not isinstance(record.get("mentions", []), list):
        return "mentions are not a list"
    return None
