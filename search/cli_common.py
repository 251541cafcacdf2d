"""Helpers shared by the `newsdex` commands: index option, errors, output."""

from __future__ import annotations

import json

import click

from indexer.errors import NewsdexError

EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_ADDRESS = 3


class QueryProblem(click.ClickException):
    """An invalid query or parameter: message and exit status 2."""

    exit_code = EXIT_USAGE


class ServeProblem(click.ClickException):
    """The server cannot listen where asked (port taken, address not ours): exit status 3."""

    exit_code = EXIT_ADDRESS


def index_option(func):
    """The --index option (env NEWSDEX_INDEX) every index-reading command takes."""
    return click.option(
        "--index", "index_dir", envvar="NEWSDEX_INDEX", type=click.Path(file_okay=False),
        default=None, show_envvar=True,
        help="Index folder, or opensearch://HOST:PORT/NAME for an OpenSearch index "
             "(default: .newsdex/index in the working directory).",
    )(func)


def index_dir_of(value: str | None) -> str:
    """The index address given, else the default one."""
    from indexer.backends import default_address

    return value or default_address()


def open_engine(index_dir):
    """The read backend of the index, or a ClickException saying why not."""
    from search.backends import open_search

    try:
        return open_search(index_dir_of(index_dir))
    except NewsdexError as exc:
        raise click.ClickException(str(exc)) from exc


def say_waiting(message: str) -> None:
    """Tell the user, on stderr, that the command waits for another writer."""
    click.echo(f"newsdex: {message}", err=True)


def dump_json(data) -> None:
    """Print one JSON document (UTF-8, not ASCII-escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False))
