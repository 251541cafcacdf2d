"""The `newsdex` command line: thin commands that parse, call the library and format."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import click

from indexer.errors import NewsdexError
from search.cli_common import (
    QueryProblem,
    ServeProblem,
    dump_json,
    index_dir_of,
    index_option,
    open_engine,
)
from search.cli_input import delete_cmd, extract_cmd, index_cmd, optimize_cmd
from search.cli_query import export_cmd, query_options, search_request
from search.errors import QueryError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsdex")
def cli() -> None:
    """newsdex: search news archives by text, people, places, organizations and dates.

    \b
    Example:
      newsdex index ../shared/data/seed ../shared/data/samples
      newsdex search Kupiansk --facet place
    """


@cli.command("search")
@query_options
@index_option
@click.option("--limit", type=click.IntRange(0, 100), default=10, show_default=True,
              help="Hits per page; 0 prints the total, facets and timeline only.")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--facet", "facet_fields", multiple=True,
              type=click.Choice(["person", "place", "org", "date", "source", "lang"]),
              help="Facets to count (default: person, place, org, source, lang).")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON shape.")
@click.option("--color/--no-color", default=None, help="Highlight matches in color.")
def search_cmd(index_dir, limit, page, facet_fields, as_json, color, **options):
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
    from search.format import search_view
    from search.request import DEFAULT_FACETS

    request = search_request(**options, page=page, per_page=limit or 1,
                             facets=tuple(facet_fields) or DEFAULT_FACETS)
    engine = open_engine(index_dir)
    try:
        result = engine.search(request)
    except QueryError as exc:
        raise QueryProblem(str(exc)) from exc
    finally:
        engine.close()
    if limit == 0:  # counts only
        result = replace(result, hits=[], per_page=0)
    if as_json:
        dump_json(result.to_dict())
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(search_view(result, color=use_color), color=use_color)


@cli.command("show")
@click.argument("article_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
def show_cmd(article_id, index_dir, as_json):
    """Show one stored article with its entities.

    \b
    Example:
      newsdex show https://example.com/news/kupiansk
    """
    from dataclasses import asdict

    from search.format import article_view

    engine = open_engine(index_dir)
    try:
        article = engine.article(article_id)
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.close()
    click.echo(json.dumps(asdict(article), ensure_ascii=False) if as_json
               else article_view(article))


@cli.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats_cmd(index_dir, as_json):
    """Counts per language and source, the date span and the top entities.

    \b
    Example:
      newsdex stats --index ./archive
    """
    from search.format import stats_view
    from search.results import to_plain

    engine = open_engine(index_dir)
    try:
        stats = engine.stats()
    finally:
        engine.close()
    click.echo(json.dumps(to_plain(stats), ensure_ascii=False) if as_json
               else stats_view(stats))


@cli.command("complete")
@click.argument("prefix")
@index_option
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
    engine = open_engine(index_dir)
    try:
        for name, value in engine.complete(prefix, facet_names or ("person", "place", "org"),
                                           limit):
            click.echo(f"{name}\t{value.label}\t{value.count}\t{value.value}")
    finally:
        engine.close()


@cli.command("check")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check_cmd(index_dir, as_json):
    """Verify an index: every segment opens, documents count up, stored fields decode.

    Exit status 1 when a problem is found.

    \b
    Example:
      newsdex check --index .newsdex/index
    """
    from dataclasses import asdict

    from indexer.backends import index_backend

    report = index_backend(index_dir_of(index_dir)).check()
    if as_json:
        dump_json({**asdict(report), "ok": report.ok})
    else:
        fmt = f"format {report.format}, " if report.format else ""
        click.echo(f"{report.index_dir}: {fmt}generation {report.generation}, {report.segments} "
                   f"segments, {report.documents} documents ({report.deleted} deleted, "
                   f"awaiting merge){', a writer holds the lock' if report.locked else ''}")
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s)")
    if not report.ok:
        sys.exit(1)


@cli.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; only this machine can connect unless you change it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes sharing the port (default: one per core).")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Threads per worker.")
def serve_cmd(index_dir, host, port, workers, threads):
    """Serve the search page and JSON API (read-only) with a production WSGI server.

    One waitress process per core shares the port and the memory-mapped index; each picks
    up newly committed index changes without a restart. Ctrl-C or SIGTERM stops them all.

    \b
    Example:
      newsdex serve --index .newsdex/demo-index --port 8000
      newsdex serve --workers 1 --threads 4
    """
    from web.server import AddressUnavailable, ServeOptions, WorkersFailed, default_workers, serve

    options = ServeOptions(index_dir=str(index_dir_of(index_dir)), host=host, port=port,
                           workers=workers or default_workers(), threads=threads)
    try:
        serve(options, say=lambda line: click.echo(f"newsdex: {line}"))
    except AddressUnavailable as exc:
        raise ServeProblem(str(exc)) from exc
    except (NewsdexError, WorkersFailed) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("newsdex: stopped")


for _command in (index_cmd, delete_cmd, extract_cmd, optimize_cmd, export_cmd):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the `newsdex` console script: no traceback reaches the user."""
    import os

    from indexer.errors import NewsdexError

    try:
        cli(prog_name="newsdex")
    except NewsdexError as exc:  # e.g. a cluster that stopped answering mid-command
        click.echo(f"newsdex: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug, not the user's doing: say so briefly
        if os.environ.get("NEWSDEX_DEBUG"):
            raise
        click.echo(f"newsdex: unexpected error: {exc!r} "
                   "(set NEWSDEX_DEBUG=1 to see the traceback)", err=True)
        sys.exit(1)
