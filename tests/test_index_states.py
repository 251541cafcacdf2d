"""Every command and route on every state of an index folder: none, no segment yet, one
article, every article deleted, optimized after that, and a run killed before its first
commit. Never a traceback or a 5xx; `serve` starts on an empty index. The matrix is
written as a table (state x command/route -> result) to $NEWSDEX_STATE_MATRIX, if set."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from search.cli import cli
from web import create_app

STATES = ["none", "no_segment", "one", "all_deleted", "optimized", "killed"]
ARTICLE_URL = "https://states.test/1"
NEWSDEX = str(Path(sys.executable).parent / "newsdex")  # the installed command


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
    made["killed"] = _killed_before_first_commit(root)
    return made


def _killed_before_first_commit(root):
    """An index whose only writer got SIGKILL while its first batch was still unwritten."""
    big = root / "big.jsonl"
    big.write_text("".join(json.dumps({"title": f"Story {i}", "body": f"harbour story {i} "
                                       * 20, "url": f"https://states.test/big/{i}"}) + "\n"
                           for i in range(20000)), encoding="utf-8")
    folder = root / "killed"
    proc = subprocess.Popen([NEWSDEX, "index", str(big), "--index",
                             str(folder), "--no-entities", "--jobs", "1", "--commit-every",
                             "1000000", "--commit-seconds", "3600"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (folder / "newsdex.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # reading and classifying, nothing committed
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (folder / "newsdex.json").exists()
    return folder


COMMANDS = [("search", "harbour"), ("search", "--json", "harbour"), ("search", ""),
            ("show", ARTICLE_URL), ("stats",), ("stats", "--json"), ("complete", "har"),
            ("export", "harbour"), ("export", "--format", "csv"), ("check",),
            ("delete", "https://states.test/nope"), ("optimize",)]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_command_on_every_index_state(states, tmp_path, state, command):
    index_dir = tmp_path / "ix"
    if states[state].exists():
        shutil.copytree(states[state], index_dir)
    _ok(_run(command[0], "--index", str(index_dir), *command[1:]))


ROUTES = ["/", "/?q=harbour", "/api/search", "/api/search?q=harbour", "/api/openapi.json",
          "/api/export.csv", "/api/export.jsonl", "/api/facets/source",
          "/api/articles/x", f"/api/articles/{ARTICLE_URL}"]


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


def _cli_cell(states, tmp_path, state, command) -> str:
    index_dir = tmp_path / f"{state}-{'-'.join(command)}"[:60]
    if states[state].exists():
        shutil.copytree(states[state], index_dir)
    result = _run(command[0], "--index", str(index_dir), *command[1:])
    _ok(result)
    first = (result.output.strip().splitlines() or [""])[0]
    first = first.replace(str(index_dir), "DIR").replace(str(tmp_path), "TMP")
    first = re.sub(r",? ?\d+ ms", "", first).replace(" ()", "").strip()
    return f"exit {result.exit_code}: {first[:44]}".replace("|", "/").rstrip(": ")


def _route_cell(client, url) -> str:
    response = client.get(url)
    assert "Traceback" not in response.text, url
    return f"HTTP {response.status_code}"


def test_state_matrix(states, tmp_path):
    """Every command and route on every state, as a table; every cell is an answer."""
    rows = []
    for state in STATES:
        cells = [_cli_cell(states, tmp_path, state, command) for command in COMMANDS]
        app = create_app(states[state], {"NEWSDEX_LAZY_INDEX": True})
        client = app.test_client()
        cells += [_route_cell(client, url) for url in ROUTES]
        app.extensions["newsdex"].close()
        assert all(not c.startswith("5") or (c == "503" and state == "none")
                   for c in cells[len(COMMANDS):]), (state, cells)
        rows.append((state, cells))
    names = [f"newsdex {' '.join(c)}" for c in COMMANDS] + [f"GET {url}" for url in ROUTES]
    lines = ["| command / route | " + " | ".join(STATES) + " |",
             "|---" * (len(STATES) + 1) + "|"]
    lines += [f"| `{name}` | " + " | ".join(cells[i] for _state, cells in rows) + " |"
              for i, name in enumerate(names)]
    target = os.environ.get("NEWSDEX_STATE_MATRIX")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    assert len(rows) == len(STATES)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("state", ["no_segment", "killed", "all_deleted"])
def test_serve_starts_on_an_empty_index_and_shows_an_empty_page(states, state):
    port = _free_port()
    proc = subprocess.Popen([NEWSDEX, "serve", "--index",
                             str(states[state]), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, page = time.monotonic() + 60, None
        while page is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q=harbour") as resp:
                    page = (resp.status, resp.read().decode())
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.2)
        assert page is not None and page[0] == 200
        # an empty page that says how to fill the index
        assert "This index has no articles yet" in page[1] and "newsdex index" in page[1], \
            page[1][:500]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
