"""The options that describe a search (filters, dates, sort, matching), shared by the
`search` and `export` commands, and the `export` command itself."""

from __future__ import annotations

import sys

import click

from search.cli_common import QueryProblem, index_option, open_engine
from search.errors import QueryError
from search.request import DEFAULT_FACETS, FILTER_FIELDS, SORTS, SearchRequest

_FILTERS = (("person", "Filter by person (any spelling); repeatable."),
            ("place", "Filter by place (any spelling); repeatable."),
            ("org", "Filter by organization; repeatable."),
            ("source", "Filter by source; repeatable."),
            ("lang", "Filter by language (en, uk, ru); repeatable."))


def query_options(func):
    """Add the query, filter, date, sort and matching options of a search to a command;
    the command receives them as the keyword arguments `search_request` takes."""
    options = [click.argument("query", nargs=-1)]
    options += [click.option(f"--{name}", multiple=True, help=text) for name, text in _FILTERS]
    options += [
        click.option("--date", "dates", multiple=True, metavar="YYYY-MM-DD",
                     help="Filter by a date the article mentions; repeatable."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
                     help="Published on or before."),
        click.option("--sort", type=click.Choice(SORTS), default="relevance",
                     show_default=True,
                     help="recent: relevant and new first (relevance decayed by age)."),
        click.option("--match", type=click.Choice(["all", "any"]), default="all",
                     show_default=True,
                     help="Bare words: all must occur, or any (ranked by BM25 over those "
                          "found)."),
        click.option("--cross-lang", is_flag=True,
                     help="Names in the query also match their mentions in every language."),
        click.option("--all-copies", is_flag=True,
                     help="Count every copy of a re-published story (default: the first "
                          "copy only)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def search_request(query, person, place, org, source, lang, dates, since, until, sort,
                   match, cross_lang, all_copies, **page) -> SearchRequest:
    """The SearchRequest of `query_options`' values (`page`: page, per_page, facets)."""
    filters = {name: list(values) for name, values in (
        ("person", person), ("place", place), ("org", org), ("source", source),
        ("lang", lang), ("date", dates)) if values}
    return SearchRequest(
        query=" ".join(query), filters=filters, sort=sort,
        since=since.date() if since else None, until=until.date() if until else None,
        cross_lang=cross_lang, match=match, all_copies=all_copies,
        **{"facets": DEFAULT_FACETS, **page})


@click.command("export")
@query_options
@index_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="JSON lines (the search API's hit shape) or CSV.")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8", lazy=True),
              default="-", help="File to write (default: standard output).")
def export_cmd(index_dir, fmt, output, **options):
    """Write every article matching a search, as JSON lines or CSV.

    Takes the query and filters of `newsdex search`; every match is written, in the
    order of --sort.

    \b
    Example:
      newsdex export --place Kupiansk --since 2022-09-01 --format csv -o kupiansk.csv
      newsdex export 'strike AND place:Kharkiv' > strikes.jsonl
    """
    from search.export import csv_lines, jsonl_lines, started_matches

    request = search_request(**options, facets=(), histogram=False)
    engine = open_engine(index_dir)
    try:
        hits = started_matches(engine, request)  # a bad query fails before any output
        for chunk in (csv_lines if fmt == "csv" else jsonl_lines)(hits):
            output.write(chunk)
    except QueryError as exc:
        raise QueryProblem(str(exc)) from exc
    finally:
        engine.close()
    if output is not sys.stdout:
        output.close()


__all__ = ["FILTER_FIELDS", "export_cmd", "query_options", "search_request"]
