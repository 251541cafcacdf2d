"""The `newsdex` commands that write or read raw input: index, delete, extract."""

from __future__ import annotations

import sys

import click

from indexer.errors import NewsdexError
from search.backends import after_write
from search.cli_common import (
    EXIT_SKIPPED,
    QueryProblem,
    dump_json,
    index_dir_of,
    index_option,
    say_waiting,
)


@click.command("index")
@click.argument("paths", nargs=-1, required=True)
@index_option
@click.option("--field", "fields", multiple=True, metavar="OURS=THEIRS",
              help="Map a JSONL/CSV column to a newsdex field, e.g. --field body=article_text.")
@click.option("--source", help="Source name for every article read (overrides the input's).")
@click.option("--lang", type=click.Choice(["en", "uk", "ru"]),
              help="Language of every article (default: detected per article).")
@click.option("--no-entities", is_flag=True, help="Skip entity extraction (text search only).")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds a commit waits for another writer's commit (0: fail at once).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes: entity extraction runs in them, or with --no-entities the "
                   "index writing (default: one per core for large inputs).")
@click.option("--commit-every", type=click.IntRange(1), default=None,
              help="Commit after this many articles (a killed run loses at most these; "
                   "default 25,000).")
@click.option("--commit-seconds", type=click.FloatRange(0.1), default=None,
              help="Commit at least this often (default 30; with --no-entities --jobs N, "
                   "not before each process's segment reaches the merge tier of a full commit's: "
                   "10,000 articles with the defaults and 2 processes).")
@click.option("--max-size", type=click.FloatRange(0.001), default=50.0, show_default=True,
              help="Skip files larger than this many MB (web archives are streamed).")
def index_cmd(paths, index_dir, fields, source, lang, no_entities, wait, as_json, progress,
              jobs, commit_every, commit_seconds, max_size):
    """Index files, folders (recursively), http(s) URLs or - (stdin).

    Formats: .txt, .jsonl, .json, .csv, .html/.htm pages, RSS/Atom/RDF feeds (.xml, .rss,
    .atom, .rdf), JSON Feed (.json) and web archives (.warc, .warc.gz). Near-duplicates
    (the same story re-published) are stored with a link to the first copy.

    Re-indexing replaces changed articles and skips unchanged ones. Exit status 1 when
    some inputs were skipped (each reason is printed).

    \b
    Example:
      newsdex index ../shared/data/bbc
      newsdex index dump.jsonl --field body=article_text --source "Kyiv Post"
    """
    from indexer.pipeline import index_paths

    field_map = {}
    for item in fields:
        ours, sep, theirs = item.partition("=")
        if not sep or not ours or not theirs:
            raise QueryProblem(f"--field takes OURS=THEIRS, not {item!r}")
        field_map[ours.strip()] = theirs.strip()
    show = sys.stderr.isatty() if progress is None else progress
    try:
        report = index_paths(list(paths), index_dir_of(index_dir), field_map=field_map or None,
                             source=source, language=lang, entities=not no_entities,
                             progress=show, wait=wait, on_wait=say_waiting,
                             stdin=sys.stdin.buffer, jobs=jobs,
                             commit_every=commit_every, commit_seconds=commit_seconds,
                             max_bytes=int(max_size * 2**20))
        if report.added or report.replaced or report.duplicates:
            after_write(index_dir_of(index_dir))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        dump_json(report.to_dict())
    else:
        for skipped in report.skipped:
            click.echo(f"skipped {skipped}", err=True)
        rate = report.read / report.seconds if report.seconds else 0.0
        click.echo(
            f"{report.read} articles read in {report.seconds:.1f} s ({rate:.0f}/s): "
            f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
            f"{report.duplicates} exact copies of indexed texts, {len(report.skipped)} skipped"
            + (f", {report.near_duplicates} near-duplicates linked to a first copy"
               if report.near_duplicates else "")
            + (f", {report.bulk_retries} bulk retries" if report.bulk_retries else "")
        )
        if report.merge_failed:
            click.echo(f"note: a background merge failed ({report.merge_failed}); every "
                       "article is indexed, in more segments than usual (`newsdex optimize` "
                       "merges them)", err=True)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@click.command("delete")
@click.argument("ids", nargs=-1)
@index_option
@click.option("--source", help="Delete every article of this source.")
@click.option("--before", type=click.DateTime(["%Y-%m-%d"]),
              help="Delete every article published before this day.")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds a commit waits for another writer's commit (0: fail at once).")
def delete_cmd(ids, index_dir, source, before, wait):
    """Delete articles by id, by source, or published before a day.

    Copies of a deleted story stay: the earliest becomes its first copy.

    \b
    Example:
      newsdex delete https://example.com/news/1
      newsdex delete --source "Wire A" --before 2020-01-01
    """
    from indexer.backends import index_backend

    if not ids and not source and not before:
        raise QueryProblem("name article ids, --source or --before")
    try:
        count = index_backend(index_dir_of(index_dir)).delete(
            ids=list(ids), source=source, before=before.date() if before else None,
            wait=wait, on_wait=say_waiting)
        after_write(index_dir_of(index_dir))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{count} article{'s' if count != 1 else ''} deleted")


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["en", "uk", "ru"]),
              help="Language of the texts (default: detected per text).")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON line per input, offsets into the input as given.")
def extract_cmd(paths, lang, as_json):
    """Print the people, places, organizations and dates of each text, without indexing.

    \b
    Example:
      newsdex extract ../shared/data/seed
      echo 'Сирський прибув до Куп'"'"'янська' | newsdex extract - --json
    """
    from dataclasses import asdict

    from indexer.errors import Skipped
    from indexer.pipeline import extract_paths
    from search.format import mentions_view

    skipped = 0
    for item in extract_paths(list(paths), language=lang, stdin=sys.stdin.buffer):
        if isinstance(item, Skipped):
            skipped += 1
            click.echo(f"skipped {item}", err=True)
            continue
        source, language, _text, mentions = item
        if as_json:
            fields = ("type", "text", "start", "end", "id", "name")
            dump_json({"source": source, "language": language,
                   "entities": [{k: asdict(m)[k] for k in fields} for m in mentions]})
        else:
            click.echo(mentions_view(source, language, mentions))
    if skipped:
        sys.exit(EXIT_SKIPPED)


@click.command("optimize")
@index_option
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another writer's commit (0: fail at once).")
def optimize_cmd(index_dir, wait):
    """Merge the index into one segment: faster searches for an archive that stopped growing.

    It takes about as long as indexing everything once; don't run it after every import.

    \b
    Example:
      newsdex optimize --index ./archive
    """
    from indexer.backends import index_backend

    try:
        segments = index_backend(index_dir_of(index_dir)).optimize(wait=wait,
                                                                   on_wait=say_waiting)
        after_write(index_dir_of(index_dir))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"optimized: {segments} segment{'s' if segments != 1 else ''}")
