"""Large merges in a process of their own, while the next articles are written.

A merge of ten 12,500-article segments takes minutes. Run inside a commit (Whoosh's merge
policy), it kept the writing processes idle meanwhile: at a million articles half of the
load's time. Here the commit that fills a large tier only names its segments; the writer
then forks a process that merges them into a segment of a staging folder inside the index
folder, which Whoosh's clean-up of unused files does not look into. A later commit, or the
writer's close, swaps the merged segment in for its sources, in the same commit that writes
its own articles:

- the sources stay in the index (and searchable) until then;
- documents deleted from a source after the merge began (an article replaced meanwhile) are
  deleted from the merged segment too, through the merge's document map;
- when a source is gone (another writer merged it) or the merge failed, the merged segment
  is thrown away and the sources stay as they were: nothing is lost, the index is only less
  merged.

Staging folders of a run that was killed are removed by the next writer.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from indexer.backends.whoosh.merge.policy import (
    children_die_with_parent,
    merge_into,
    run_below_writer,
)

BACKGROUND_DOCS = 50_000  # a smaller merge takes seconds: it stays in the commit
_STAGING = re.compile(r"^merge-(\d+)-[0-9a-f]+\.tmp$")


@dataclass
class _Merge:
    """A merge in a child process: its sources' ids and deletions when it began."""

    process: multiprocessing.process.BaseProcess
    conn: Connection  # the receiving end of the child's pipe
    staging: Path
    sources: list[str]
    deleted: list[frozenset[int]]


@dataclass
class BackgroundMerges:
    """The background merges of one writer: at most one running, one waiting to start."""

    folder: Path
    min_docs: int = field(default_factory=lambda: BACKGROUND_DOCS)
    due: list[str] = field(default_factory=list)  # segment ids a commit asked to merge
    running: _Merge | None = None
    failed: str | None = None  # then every merge stays in the commits (merging.py)
    swapped: int = 0

    def __post_init__(self) -> None:
        remove_stale_staging(self.folder)

    def busy(self) -> set[str]:
        """Ids of segments being merged, or about to be: no commit merges them."""
        return set(self.due) | set(self.running.sources if self.running else ())

    def take(self, group: list) -> bool:
        """Accept a full tier to merge in the background (True), or leave it to the commit."""
        if (self.failed or self.due or self.running is not None
                or sum(s.doc_count() for s in group) < self.min_docs):
            return False
        self.due = [s.segment_id() for s in group]
        return True

    def start(self, ix) -> None:
        """Fork the merge a commit asked for (from the writer's main thread, with no commit
        in flight: a process dies with the thread that forked it)."""
        due, self.due = self.due, []
        if not due or self.running is not None:
            return
        by_id = {s.segment_id(): s for s in ix._segments()}
        if any(i not in by_id for i in due):
            return  # another writer merged some of them meanwhile
        sources = [by_id[i] for i in due]
        staging = self.folder / f"merge-{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp"
        staging.mkdir()
        children_die_with_parent()
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(
            target=_merge_child, name="newsdex-merge", daemon=True,
            args=(str(self.folder), ix.indexname, ix.schema, sources, str(staging), send))
        process.start()
        send.close()
        self.running = _Merge(process, receive, staging, due,
                              [frozenset(s.deleted_docs()) for s in sources])

    def swap_in(self, segments: list, wait: bool = False) -> list:
        """`segments` with a finished merge's segment in place of its sources (a merge
        policy step, inside a commit); unchanged while the merge runs, unless `wait`."""
        run = self.running
        if run is None or not (wait or run.conn.poll()):
            return segments
        self.running = None
        try:
            reply = run.conn.recv()
        except EOFError:
            reply = ("error", f"the merging process ended with status {run.process.exitcode}")
        run.process.join()
        try:
            by_id = {s.segment_id(): s for s in segments}
            if any(i not in by_id for i in run.sources):
                return segments  # another writer merged them (a failure to read them, too)
            if reply[0] != "ok":
                self.failed = reply[1]
                return segments
            return self._replace(run, segments, by_id, *reply[1:])
        finally:
            shutil.rmtree(run.staging, ignore_errors=True)

    def _replace(self, run: _Merge, segments: list, by_id: dict, merged: list,
                 docmaps: list) -> list:
        for segment in merged:
            for (base, docmap), source, before in zip(docmaps, run.sources, run.deleted,
                                                      strict=True):
                for docnum in sorted(set(by_id[source].deleted_docs()) - before):
                    segment.delete_document(base + docnum if docmap is None
                                            else docmap[docnum])
            prefix = segment.segment_id() + "."
            for name in os.listdir(run.staging):
                if name.startswith(prefix):
                    os.replace(run.staging / name, self.folder / name)
        sources = set(run.sources)
        at = next(n for n, s in enumerate(segments) if s.segment_id() in sources)
        kept = [s for s in segments if s.segment_id() not in sources]
        self.swapped += 1
        return kept[:at] + merged + kept[at:]

    def stop(self) -> None:
        """End a running merge without using it (the writer failed or was interrupted)."""
        run, self.running, self.due = self.running, None, []
        if run is not None:
            run.process.kill()
            run.process.join()
            shutil.rmtree(run.staging, ignore_errors=True)


def _merge_child(folder: str, indexname: str, schema, segments: list, staging: str,
                 conn) -> None:
    """The merging process: the segments merged into a new one in `staging`."""
    from whoosh.filedb.filestore import FileStorage

    run_below_writer()  # as the sub-writers: the writing process is the one waited for
    try:
        ix = FileStorage(staging).create_index(schema, indexname)
        merged, docmaps = merge_into(ix, FileStorage(folder), schema, segments)
        conn.send(("ok", merged, docmaps))
    except BaseException as exc:  # reported to the parent, which keeps the sources
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def remove_stale_staging(folder: Path) -> None:
    """Remove the staging folders of merging processes that no longer run."""
    if not folder.is_dir():
        return
    for name in os.listdir(folder):
        match = _STAGING.match(name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(folder / name, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
