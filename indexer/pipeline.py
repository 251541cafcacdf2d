"""The indexing run: read inputs, detect language, extract entities, write, report."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tqdm import tqdm

from indexer.article import Article
from indexer.backends import (
    DEFAULT_WAIT,
    ArticleStore,
    IndexReport,
    bulk_retries,
    held_entity_ids,
    index_backend,
    prefetch,
)
from indexer.errors import Skipped
from indexer.language import detect_language
from indexer.parallel import ParallelExtractor, Pending, SerialExtractor, default_jobs
from indexer.readers import input_files, read_inputs

if TYPE_CHECKING:
    from indexer.entities.identity import PersonIds

BATCH_SIZE = 32


def prepare(items: Iterable[Article | Skipped], source: str | None = None,
            language: str | None = None) -> Iterator[Article | Skipped]:
    """Fill in what the inputs left open: the source override and the detected language."""
    for item in items:
        if isinstance(item, Article):
            if source:
                item.source = source
            if language:
                item.language = language
            elif not item.language:
                item.language = detect_language(item.text)
        yield item


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# Inputs smaller than this are extracted in-process: starting workers (each loads the
# models) costs more than it saves (figures: BENCHMARKS.md, design measurements). An
# explicit `jobs` always starts them.
PARALLEL_MIN_BYTES = 512 * 1024
# Formats that hold one article per file: a folder of them has a known total for the ETA.
SINGLE_ARTICLE = {".txt", ".text", ".html", ".htm", ".xhtml"}


def index_articles(items: Iterable[Article | Skipped], index_dir: str | Path, *,
                   entities: bool = True, progress: bool = False, wait: float = DEFAULT_WAIT,
                   commit_every: int | None = None,
                   commit_seconds: float | None = None, jobs: int = 1,
                   total: int | None = None, near_duplicates: bool = True,
                   on_wait: Callable[[str], None] | None = None) -> IndexReport:
    """Write articles into the index at `index_dir`, extracting entities for new texts.

    With `jobs` > 1 and entities, extraction runs in that many worker processes while this
    process reads, classifies and writes; without entities, that many processes analyze
    the text and write index segments (Whoosh's multiprocessing writer).
    """
    report = IndexReport()
    started = time.perf_counter()
    bar = tqdm(total=total, unit=" articles", disable=not progress, dynamic_ncols=True,
               leave=False, desc="indexing", smoothing=0.05)
    extractor = ParallelExtractor(jobs) if entities and jobs > 1 else SerialExtractor()
    in_flight: deque[tuple[list[Article], Pending, int]] = deque()
    procs = 1 if entities else jobs
    texts = RunTexts()
    store = index_backend(index_dir).writer(
        wait=wait, on_wait=on_wait, near_duplicates=near_duplicates, writers=procs,
        commit_every=commit_every, commit_seconds=commit_seconds)
    with extractor, store as writer:
        from indexer.entities.identity import PersonIds

        # one id per person across scripts and runs: keys matching an id the index holds
        people = PersonIds(held_entity_ids(writer, "person") if entities else ())
        for batch in _batches(items, BATCH_SIZE):
            todo = _classify(batch, writer, report, texts)
            tasks = [(a.text, a.language or "en", a.published_date) for a in todo]
            in_flight.append((todo, extractor.submit(tasks if entities else []), len(batch)))
            while len(in_flight) > 2 * extractor.jobs:
                bar.update(_finish(*in_flight.popleft(), writer, report, people))
        while in_flight:
            bar.update(_finish(*in_flight.popleft(), writer, report, people))
    report.merge_failed = writer.merge_failed
    report.bulk_retries = bulk_retries(writer)
    bar.close()
    report.seconds = time.perf_counter() - started
    return report


class RunTexts:
    """The text each article id had when this run first read it (64-bit hashes, ~100 bytes
    an id).

    An input that names an id read earlier in the same run with another text (the same URL
    in two feeds, one of them reformatted) is skipped, so the first wins: a run and its
    unchanged re-run end with the same index, and the re-run reports nothing replaced.
    """

    def __init__(self) -> None:
        self._first: dict[int, int] = {}

    def conflict(self, article: Article) -> bool:
        """Whether `article.id` was read earlier in this run with a different text."""
        text = hash(article.content_hash)
        first = self._first.setdefault(hash(article.id), text)
        return first != text


def _classify(batch: list[Article | Skipped], writer: ArticleStore,
              report: IndexReport, texts: RunTexts) -> list[Article]:
    """Count a batch's skipped, unchanged and exact-copy items; the articles left to write."""
    todo: list[Article] = []
    prefetch(writer, [i for i in batch if isinstance(i, Article)])
    for item in batch:
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        if texts.conflict(item):
            report.skipped.append(Skipped(
                item.origin or item.id, f"id {item.id} was read earlier in this run with "
                "another text; the first is kept"))
            continue
        report.read += 1
        status = writer.classify(item)
        if status == "unchanged":
            report.unchanged += 1
        elif status == "duplicate":
            report.duplicates += 1
            writer.add_origin(item)
        else:
            todo.append(item)
            if status == "new":
                report.added += 1
            else:
                report.replaced += 1
    return todo


def _finish(todo: list[Article], pending: Pending, size: int, writer: ArticleStore,
            report: IndexReport, people: PersonIds) -> int:
    """Attach a batch's mentions (person ids merged by key across the run and with the
    index's, whichever process extracted them) and write it; returns how many items."""
    found = pending.get()
    if found:
        found = people.apply(found, [a.language or "en" for a in todo])
        for article, mentions in zip(todo, found, strict=True):
            article.mentions = mentions
    prefetch(writer, todo, stories=True)
    for article in todo:
        # A text repeated in batches in flight is only known after its first copy is written.
        status = writer.classify(article)
        if status == "duplicate":
            report.added -= 1
            report.duplicates += 1
            writer.add_origin(article)
        elif status == "unchanged":
            report.added -= 1
            report.unchanged += 1
        elif writer.write(article, new=status == "new"):
            report.near_duplicates += 1
    return size


def index_paths(paths: Sequence[str], index_dir: str | Path, *,
                field_map: Mapping[str, str] | None = None, source: str | None = None,
                language: str | None = None, entities: bool = True, progress: bool = False,
                wait: float = DEFAULT_WAIT, stdin: IO[bytes] | None = None,
                jobs: int | None = None, commit_every: int | None = None,
                commit_seconds: float | None = None,
                max_bytes: int | None = None, near_duplicates: bool = True,
                on_wait: Callable[[str], None] | None = None) -> IndexReport:
    """Index files, folders or stdin ("-") into the index at `index_dir`.

    `jobs`: entity-extraction processes, or without entities index-writing processes
    (default: one per core when the input is larger than `PARALLEL_MIN_BYTES`, else this
    process alone).
    """
    files = list(input_files(paths))
    size = sum(_size(f) for f in files)
    if jobs is None:  # by default extraction uses every core; writing in parallel is asked for
        jobs = default_jobs() if entities and size >= PARALLEL_MIN_BYTES else 1
    total = None
    if "-" not in paths and files and all(f.suffix.lower() in SINGLE_ARTICLE for f in files):
        total = len(files)
    items = prepare(read_inputs(paths, field_map=field_map, stdin=stdin, max_bytes=max_bytes),
                    source, language)
    return index_articles(items, index_dir, entities=entities, progress=progress, wait=wait,
                          jobs=max(1, jobs), total=total, commit_every=commit_every,
                          commit_seconds=commit_seconds, near_duplicates=near_duplicates,
                          on_wait=on_wait)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _files(paths: Sequence[str]) -> Iterator[str | Skipped]:
    for path in paths:
        p = Path(path)
        if path == "-" or p.is_file():
            yield path
        elif p.is_dir():
            # hidden files and folders below the one given are left out (not "..", ".")
            yield from (str(f) for f in sorted(p.rglob("*")) if f.is_file() and not any(
                part.startswith(".") for part in f.relative_to(p).parts))
        else:
            yield Skipped(path, "no such file or directory")


def extract_paths(paths: Sequence[str], language: str | None = None,
                  stdin: IO[bytes] | None = None,
                  ) -> Iterator[tuple[str, str, str, list] | Skipped]:
    """Entities of each input text as given (decoded, not cleaned): (source, lang, text, mentions).

    Models load once for all inputs.
    """
    from indexer.entities import EntityExtractor
    from indexer.errors import InputError
    from indexer.readers.encoding import decode

    extractor = EntityExtractor()
    for item in _files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            data = stdin.read() if item == "-" and stdin is not None else Path(item).read_bytes()
            text = decode(data, item)
        except InputError as exc:
            yield Skipped(item, str(exc).removeprefix(f"{item}: "))
            continue
        except OSError as exc:
            yield Skipped(item, exc.strerror or str(exc))
            continue
        lang = language or detect_language(text)
        yield item, lang, text, extractor.extract(text, lang)
