"""The `newsdex` command line: thin commands that parse, call the library and format."""

from __future__ import annotations

import json
import sys

import click

from indexer.errors import NewsdexError
from search.errors import QueryError

EXIT_SKIPPED = 1
EXIT_USAGE = 2


class QueryProblem(click.ClickException):
    """An invalid query or parameter: message and exit status 2."""

    exit_code = EXIT_USAGE


def _index_option(func):
    return click.option(
        "--index", "index_dir", envvar="NEWSDEX_INDEX", type=click.Path(file_okay=False),
        default=None, show_envvar=True,
        help="Index folder (default: .newsdex/index in the working directory).",
    )(func)


def _index_dir(value: str | None):
    from indexer.writer import default_index_dir

    return value or default_index_dir()


def _engine(index_dir):
    from search.engine import SearchEngine

    try:
        return SearchEngine(_index_dir(index_dir))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc


def _say_waiting(message: str) -> None:
    click.echo(f"newsdex: {message}", err=True)


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsdex")
def cli() -> None:
    """newsdex: search news archives by text, people, places, organizations and dates.

    \b
    Example:
      newsdex index ../shared/data/seed ../shared/data/samples
      newsdex search Kupiansk --facet place
    """


@cli.command("index")
@click.argument("paths", nargs=-1, required=True)
@_index_option
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
              help="Entity-extraction processes (default: one per core for large inputs).")
@click.option("--commit-every", type=click.IntRange(1), default=500, show_default=True,
              help="Commit after this many articles (a killed run loses at most these).")
@click.option("--commit-seconds", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Commit at least this often.")
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
        report = index_paths(list(paths), _index_dir(index_dir), field_map=field_map or None,
                             source=source, language=lang, entities=not no_entities,
                             progress=show, wait=wait, on_wait=_say_waiting,
                             stdin=sys.stdin.buffer, jobs=jobs,
                             commit_every=commit_every, commit_seconds=commit_seconds,
                             max_bytes=int(max_size * 2**20))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _dump(report.to_dict())
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
        )
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command("search")
@click.argument("query", nargs=-1)
@_index_option
@click.option("--person", multiple=True, help="Filter by person (any spelling); repeatable.")
@click.option("--place", multiple=True, help="Filter by place (any spelling); repeatable.")
@click.option("--org", multiple=True, help="Filter by organization; repeatable.")
@click.option("--source", multiple=True, help="Filter by source; repeatable.")
@click.option("--lang", multiple=True, help="Filter by language (en, uk, ru); repeatable.")
@click.option("--date", "dates", multiple=True, metavar="YYYY-MM-DD",
              help="Filter by a date the article mentions; repeatable.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before.")
@click.option("--sort", type=click.Choice(["relevance", "recent", "newest", "oldest"]),
              default="relevance", show_default=True,
              help="recent: relevant and new first (relevance decayed by age).")
@click.option("--limit", type=int, default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--facet", "facet_fields", multiple=True,
              type=click.Choice(["person", "place", "org", "date", "source", "lang"]),
              help="Facets to count (default: person, place, org, source, lang).")
@click.option("--match", type=click.Choice(["all", "any"]), default="all", show_default=True,
              help="Bare words: all must occur, or any (ranked by BM25 over those found).")
@click.option("--cross-lang", is_flag=True,
              help="Names in the query also match their mentions in every language.")
@click.option("--all-copies", is_flag=True,
              help="Count every copy of a re-published story (default: the first copy only).")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON shape.")
@click.option("--color/--no-color", default=None, help="Highlight matches in color.")
def search_cmd(query, index_dir, person, place, org, source, lang, dates, since, until, sort,
               limit, page, facet_fields, match, cross_lang, all_copies, as_json, color):
    """Search the index; an empty query or * matches every article.

    The query language is Whoosh's: words, "phrases", AND/OR/NOT, wildcards, and the
    fields person:, place:, org:, source:, lang:, date:, title:, body: and published:
    (e.g. published:[2022-02-24 to 2022-09-30]).

    \b
    Example:
      newsdex search Kupiansk --place Купянск --facet person
      newsdex search 'published:[2022-02-24 to 2022-09-30] AND place:Kharkiv' --json
      newsdex search Kupiansk --cross-lang
    """
    from search.engine import DEFAULT_FACETS, SearchRequest
    from search.format import search_view

    filters = {name: list(values) for name, values in (
        ("person", person), ("place", place), ("org", org), ("source", source),
        ("lang", lang), ("date", dates)) if values}
    request = SearchRequest(
        query=" ".join(query), filters=filters, sort=sort, page=page, per_page=limit,
        since=since.date() if since else None, until=until.date() if until else None,
        facets=tuple(facet_fields) or DEFAULT_FACETS, cross_lang=cross_lang, match=match,
        all_copies=all_copies,
    )
    engine = _engine(index_dir)
    try:
        result = engine.search(request)
    except QueryError as exc:
        raise QueryProblem(str(exc)) from exc
    finally:
        engine.close()
    if as_json:
        _dump(result.to_dict())
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(search_view(result, color=use_color), color=use_color)


@cli.command("delete")
@click.argument("ids", nargs=-1)
@_index_option
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
    from indexer.writer import delete_articles

    if not ids and not source and not before:
        raise QueryProblem("name article ids, --source or --before")
    try:
        count = delete_articles(_index_dir(index_dir), ids=list(ids), source=source,
                                before=before.date() if before else None, wait=wait,
                                on_wait=_say_waiting)
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{count} article{'s' if count != 1 else ''} deleted")


@cli.command("show")
@click.argument("article_id")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
def show_cmd(article_id, index_dir, as_json):
    """Show one stored article with its entities.

    \b
    Example:
      newsdex show https://example.com/news/kupiansk
    """
    from dataclasses import asdict

    from search.format import article_view

    engine = _engine(index_dir)
    try:
        article = engine.article(article_id)
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.close()
    click.echo(json.dumps(asdict(article), ensure_ascii=False) if as_json
               else article_view(article))


@cli.command("stats")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats_cmd(index_dir, as_json):
    """Counts per language and source, the date span and the top entities.

    \b
    Example:
      newsdex stats --index ./archive
    """
    from search.format import stats_view
    from search.results import to_plain

    engine = _engine(index_dir)
    try:
        stats = engine.stats()
    finally:
        engine.close()
    click.echo(json.dumps(to_plain(stats), ensure_ascii=False) if as_json
               else stats_view(stats))


@cli.command("extract")
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
            _dump({"source": source, "language": language,
                   "entities": [{k: asdict(m)[k] for k in fields} for m in mentions]})
        else:
            click.echo(mentions_view(source, language, mentions))
    if skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command("complete")
@click.argument("prefix")
@_index_option
@click.option("--facet", "facet_names", multiple=True,
              type=click.Choice(["person", "place", "org", "source"]),
              help="Facets to complete from (default: person, place, org).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
def complete_cmd(prefix, index_dir, facet_names, limit):
    """Complete an entity name from the index, in any script ("Куп" finds Kupiansk).

    \b
    Example:
      newsdex complete Syr --facet person
    """
    from search.engine import SearchRequest

    engine = _engine(index_dir)
    try:
        for name in facet_names or ("person", "place", "org"):
            for value in engine.facet_values(SearchRequest(), name, prefix, limit):
                click.echo(f"{name}\t{value.label}\t{value.count}\t{value.value}")
    finally:
        engine.close()


@cli.command("check")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check_cmd(index_dir, as_json):
    """Verify an index: every segment opens, documents count up, stored fields decode.

    Exit status 1 when a problem is found.

    \b
    Example:
      newsdex check --index .newsdex/index
    """
    from dataclasses import asdict

    from indexer.check import check_index

    report = check_index(_index_dir(index_dir))
    if as_json:
        _dump({**asdict(report), "ok": report.ok})
    else:
        click.echo(f"{report.index_dir}: generation {report.generation}, {report.segments} "
                   f"segments, {report.documents} documents ({report.deleted} deleted, "
                   f"awaiting merge){', a writer holds the lock' if report.locked else ''}")
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s)")
    if not report.ok:
        sys.exit(1)


@cli.command("serve")
@_index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; only this machine can connect unless you change it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve_cmd(index_dir, host, port, threads):
    """Serve the search page and JSON API (read-only) with a production WSGI server.

    Newly committed index changes are picked up without a restart.

    \b
    Example:
      newsdex serve --index .newsdex/demo-index --port 8000
    """
    import waitress

    from web import create_app

    try:
        app = create_app(index_dir=_index_dir(index_dir))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    app.extensions["newsdex"].get().warm()
    server = waitress.create_server(app, host=host, port=port, threads=threads)
    click.echo(f"newsdex: serving {_index_dir(index_dir)} at "
               f"http://{server.effective_host}:{server.effective_port}/ (Ctrl-C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("newsdex: stopped")


def main() -> None:
    """Entry point of the `newsdex` console script: no traceback reaches the user."""
    import os

    try:
        cli(prog_name="newsdex")
    except Exception as exc:  # a bug, not the user's doing: say so briefly
        if os.environ.get("NEWSDEX_DEBUG"):
            raise
        click.echo(f"newsdex: unexpected error: {exc!r} "
                   "(set NEWSDEX_DEBUG=1 to see the traceback)", err=True)
        sys.exit(1)
