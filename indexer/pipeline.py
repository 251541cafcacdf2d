"""The indexing run: read inputs, detect language, extract entities, write, report."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from tqdm import tqdm

from indexer.article import Article
from indexer.errors import Skipped
from indexer.language import detect_language
from indexer.readers import read_inputs
from indexer.writer import ArticleWriter, IndexReport

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


def index_articles(items: Iterable[Article | Skipped], index_dir: str | Path, *,
                   entities: bool = True, progress: bool = False, wait: float = 0.0,
                   commit_every: int = 1000) -> IndexReport:
    """Write articles into the index at `index_dir`, extracting entities for new texts."""
    extractor = None
    if entities:
        from indexer.entities import EntityExtractor

        extractor = EntityExtractor()
    report = IndexReport()
    started = time.perf_counter()
    bar = tqdm(unit=" articles", disable=not progress, dynamic_ncols=True, leave=False,
               desc="indexing")
    with ArticleWriter(index_dir, commit_every=commit_every, wait=wait) as writer:
        for batch in _batches(items, BATCH_SIZE):
            todo: list[Article] = []
            for item in batch:
                if isinstance(item, Skipped):
                    report.skipped.append(item)
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
            if extractor is not None and todo:
                found = extractor.extract_batch(
                    [(a.text, a.language or "en", a.published_date) for a in todo]
                )
                for article, mentions in zip(todo, found, strict=True):
                    article.mentions = mentions
            for article in todo:
                # A text repeated inside one batch is only known after its first copy is written.
                if writer.classify(article) == "duplicate":
                    report.added -= 1
                    report.duplicates += 1
                    writer.add_origin(article)
                else:
                    writer.write(article)
            bar.update(len(batch))
    bar.close()
    report.seconds = time.perf_counter() - started
    return report


def index_paths(paths: Sequence[str], index_dir: str | Path, *,
                field_map: Mapping[str, str] | None = None, source: str | None = None,
                language: str | None = None, entities: bool = True, progress: bool = False,
                wait: float = 0.0, stdin: IO[bytes] | None = None) -> IndexReport:
    """Index files, folders or stdin ("-") into the index at `index_dir`."""
    items = prepare(read_inputs(paths, field_map=field_map, stdin=stdin), source, language)
    return index_articles(items, index_dir, entities=entities, progress=progress, wait=wait)


def _files(paths: Sequence[str]) -> Iterator[str | Skipped]:
    for path in paths:
        p = Path(path)
        if path == "-" or p.is_file():
            yield path
        elif p.is_dir():
            yield from (str(f) for f in sorted(p.rglob("*"))
                        if f.is_file() and not any(part.startswith(".") for part in f.parts))
        else:
            yield Skipped(path, "no such file or directory")


def extract_paths(paths: Sequence[str], language: str | None = None,
                  stdin: IO[bytes] | None = None,
                  ) -> Iterator[tuple[str, str, str, list] | Skipped]:
    """Entities of each input text as given (decoded, not cleaned): (source, lang, text, mentions).

    Models load once for all inputs.
    """
    from indexer.encoding import decode
    from indexer.entities import EntityExtractor
    from indexer.errors import InputError

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
