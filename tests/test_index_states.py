"""Every read path on every state of an index folder: none, no segment yet, one article,
every article deleted, and optimized after that. Never a traceback or a 5xx."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from search.cli import cli
from web import create_app

STATES = ["none", "no_segment", "one", "all_deleted", "optimized"]
ARTICLE_URL = "https://states.test/1"


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _ok(result) -> None:
    out = result.output
    assert "Traceback" not in out and "unexpected error" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1, 2), out


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    root = tmp_path_factory.mktemp("states")
    empty = root / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    one = root / "one.jsonl"
    one.write_text(json.dumps({"title": "Harbour opens", "body": "The harbour opens today.",
                               "url": ARTICLE_URL}) + "\n", encoding="utf-8")
    made = {"none": root / "none"}
    made["no_segment"] = root / "no_segment"
    _ok(_run("index", str(empty), "--index", str(made["no_segment"])))
    made["one"] = root / "one"
    assert _run("index", str(one), "--index", str(made["one"]), "--no-entities").exit_code == 0
    made["all_deleted"] = root / "all_deleted"
    shutil.copytree(made["one"], made["all_deleted"])
    deleted = _run("delete", ARTICLE_URL, "--index", str(made["all_deleted"]))
    assert deleted.exit_code == 0, deleted.output
    made["optimized"] = root / "optimized"
    shutil.copytree(made["all_deleted"], made["optimized"])
    optimized = _run("optimize", "--index", str(made["optimized"]))
    assert optimized.exit_code == 0, optimized.output
    return made


COMMANDS = [("search", "harbour"), ("search", "--json", "harbour"), ("search", ""),
            ("show", ARTICLE_URL), ("stats",), ("stats", "--json"), ("complete", "har"),
            ("check",), ("delete", "https://states.test/nope"), ("optimize",)]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_command_on_every_index_state(states, tmp_path, state, command):
    index_dir = tmp_path / "ix"
    if states[state].exists():
        shutil.copytree(states[state], index_dir)
    _ok(_run(command[0], "--index", str(index_dir), *command[1:]))


ROUTES = ["/", "/?q=harbour", "/api/search", "/api/search?q=harbour", "/api/stats",
          "/api/export.csv", "/api/export.jsonl", "/api/facets/source",
          "/api/articles/x"]


@pytest.mark.parametrize("state", STATES)
def test_web_routes_on_every_index_state(states, state):
    # `serve` opens the index at start (lazily only where there is none yet)
    app = create_app(states[state], {"NEWSDEX_LAZY_INDEX": True} if state == "none" else {})
    client = app.test_client()
    try:
        for url in ROUTES:
            response = client.get(url)
            assert response.status_code < 500 or (
                state == "none" and response.status_code == 503), (url, response.status_code)
            assert "Traceback" not in response.text, url
    finally:
        app.extensions["newsdex"].close()
