"""`newsdex serve` as a real process: its workers, their stop on Ctrl-C and SIGTERM, a
worker replaced, commits seen by every worker, and a taken port."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, free_port, make_article

from indexer.pipeline import index_articles
from web.server import resident_memory, worker_pids

NEWSDEX = str(Path(sys.executable).parent / "newsdex")  # the installed command


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serve") / "index"
    articles = [make_article(f"Harbour story {i}", f"The harbour reopened, story {i}.",
                             url=f"https://serve.test/{i}", source="Wire", language="en")
                for i in range(5)]
    assert index_articles(articles, folder, entities=False).added == 5
    return folder


class Server:
    """`newsdex serve` in its own session (as a terminal would run it), output to a file."""

    def __init__(self, index_dir: Path, tmp_path: Path, *args: str):
        self.port = free_port()
        self.log = tmp_path / "serve.log"
        self.out = self.log.open("w")
        self.proc = subprocess.Popen(
            [NEWSDEX, "serve", "--index", str(index_dir), "--port", str(self.port), *args],
            cwd=ROOT, stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def get(self, path: str) -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, json.loads(response.read())
        finally:
            conn.close()

    def wait_ready(self, workers: int) -> list[int]:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.output()
            pids = worker_pids(self.proc.pid)
            try:
                if len(pids) == workers and self.get("/api/search")[0] == 200:
                    return pids
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"not ready: {self.output()}")

    def output(self) -> str:
        self.out.flush()
        return self.log.read_text()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        for pid in worker_pids(self.proc.pid):
            os.kill(pid, signal.SIGKILL)
        self.out.close()


@pytest.fixture
def server_of(index_dir, tmp_path):
    started = []

    def start(*args: str) -> Server:
        started.append(Server(index_dir, tmp_path, *args))
        return started[-1]

    yield start
    for server in started:
        server.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie of another parent is gone for our purpose
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _all_gone(pids: list[int], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(_gone(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_workers_answer_and_all_stop(server_of, how):
    server = server_of("--workers", "2")
    pids = server.wait_ready(2)
    assert all(pid != server.proc.pid for pid in pids)
    for pid in pids:  # memory is readable per worker
        assert resident_memory(pid).get("rss", 0) > 0
    assert server.get("/api/search?q=harbour")[1]["total"] == 5
    if how == "ctrl-c":  # a terminal sends SIGINT to the whole foreground group
        os.killpg(server.proc.pid, signal.SIGINT)
    else:
        server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(20) == 0, server.output()
    assert _all_gone(pids), server.output()
    out = server.output()
    assert "2 workers" in out and "stopped" in out and "Traceback" not in out, out


def test_every_worker_sees_a_new_commit(server_of, index_dir):
    server = server_of("--workers", "2")
    server.wait_ready(2)
    before = server.get("/api/search?q=harbour")[1]["total"]
    added = make_article("Harbour story new", "The harbour reopened again.",
                         url="https://serve.test/new", source="Wire", language="en")
    assert index_articles([added], index_dir, entities=False).added == 1
    # fresh connections land on either worker: every answer counts the new article
    totals = {server.get("/api/search?q=harbour")[1]["total"] for _ in range(16)}
    assert totals == {before + 1}


def test_a_killed_worker_is_replaced(server_of):
    server = server_of("--workers", "2")
    first, second = server.wait_ready(2)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = worker_pids(server.proc.pid)
        if len(pids) == 2 and first not in pids:
            break
        time.sleep(0.2)
    assert second in pids and first not in pids and len(pids) == 2, server.output()
    assert server.wait_ready(2)
    assert f"worker {first} exited" in server.output()


def test_workers_stop_when_the_parent_is_killed(server_of):
    server = server_of("--workers", "2")
    pids = server.wait_ready(2)
    server.proc.kill()
    server.proc.wait(10)
    assert _all_gone(pids), "workers outlived their parent"


def test_one_worker_runs_in_the_process(server_of):
    server = server_of("--workers", "1", "--threads", "2")
    server.wait_ready(0)
    assert "1 worker" in server.output()
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(20) == 0, server.output()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_taken_port_is_a_message_and_exit_status(index_dir, workers):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port()))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([NEWSDEX, "serve", "--index", str(index_dir), "--port",
                               str(port), "--workers", workers], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr


def test_no_index_is_a_message(tmp_path):
    done = subprocess.run([NEWSDEX, "serve", "--index", str(tmp_path / "none"), "--port",
                           str(free_port()), "--workers", "2"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done
    assert "newsdex index" in done.stderr or "no index" in done.stderr.lower(), done.stderr
