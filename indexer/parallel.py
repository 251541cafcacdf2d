"""Entity extraction off the main process: a pool of workers that each load the models once.

The Whoosh writer stays single, in the main process; workers only turn (text, language, date)
triples into mentions. Batches go out as they are read and come back in order, a bounded
number in flight, so reading, extraction and writing overlap. `SerialExtractor` has the same
interface for one process (small inputs, `jobs=1`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from indexer.article import Mention

Task = tuple[str, str, date | None]  # text, language, publication day

_extractor: Any = None  # the worker process's EntityExtractor


class Pending(Protocol):
    """A batch being extracted: `get()` waits for its mentions."""

    def get(self) -> list[list[Mention]]: ...


class _Done:
    """An already finished batch."""

    def __init__(self, result: list[list[Mention]]):
        self._result = result

    def get(self) -> list[list[Mention]]:
        return self._result


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class SerialExtractor:
    """Extraction in this process (models loaded on first use)."""

    jobs = 1

    def __init__(self) -> None:
        self._extractor: Any = None

    def submit(self, tasks: Sequence[Task]) -> Pending:
        """Extract now; the result is ready at once."""
        if not tasks:
            return _Done([])
        if self._extractor is None:
            from indexer.entities import EntityExtractor

            self._extractor = EntityExtractor()
        return _Done(self._extractor.extract_batch(list(tasks)))

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _init_worker() -> None:
    """Pool initializer: load the models once per worker."""
    global _extractor
    from indexer.entities import EntityExtractor

    _extractor = EntityExtractor()


def _extract(tasks: list[Task]) -> list[list[Mention]]:
    """Worker task: mentions of each text of a batch."""
    return _extractor.extract_batch(tasks)


class ParallelExtractor:
    """Extraction in `jobs` worker processes (spawned: no forked locks or model state)."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        context = multiprocessing.get_context("spawn")
        self._pool = context.Pool(jobs, initializer=_init_worker)

    def submit(self, tasks: Sequence[Task]) -> Pending:
        """Queue a batch; its mentions come back through `get()` on the handle."""
        if not tasks:
            return _Done([])
        return self._pool.apply_async(_extract, (list(tasks),))

    def close(self) -> None:
        """Stop the workers (pending work is abandoned on an error)."""
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
