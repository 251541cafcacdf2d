"""Verifying an index: every segment opens, documents count up, stored fields decode."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import IndexUnavailable
from indexer.writer import INDEX_NAME, open_index


@dataclass
class CheckReport:
    """What `check_index` found."""

    index_dir: str
    generation: int = -1
    segments: int = 0
    documents: int = 0
    deleted: int = 0
    locked: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def check_index(index_dir: str | Path) -> CheckReport:
    """Open every segment of the index, read every stored document, report problems."""
    report = CheckReport(index_dir=str(index_dir))
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
        report.segments = len(ix._segments())
    except Exception as exc:  # a damaged table of contents
        report.problems.append(f"cannot read the segment list: {exc!r}")
        return report
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
