"""`newsdex serve`: waitress in one process per core behind one shared listening socket.

The parent binds the socket (a taken port is `AddressUnavailable`, before anything forks),
loads what every worker needs and never changes (modules, the entity gazetteer; shared
copy-on-write after the fork), then forks the workers. Each worker opens its own searcher
over the same memory-mapped index files (a Whoosh reader must not share file objects with
another process), so each sees new commits as a single process does: at its next request.
The kernel hands each new connection to whichever worker accepts first.

SIGINT (Ctrl-C) and SIGTERM stop the parent, which stops every worker (SIGTERM, then
SIGKILL after `STOP_SECONDS`) and waits for them. A worker whose parent is gone stops
itself; a worker that dies is replaced, unless workers keep dying at start.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STOP_SECONDS = 10.0
# A worker that exits within this many seconds of its start counts as failing to start.
EARLY_EXIT_SECONDS = 5.0
MAX_EARLY_EXITS = 3


class AddressUnavailable(Exception):
    """The address cannot be listened on (taken, not this machine's, or not allowed)."""


class WorkersFailed(Exception):
    """Workers kept exiting right after their start: the server gave up."""


@dataclass
class ServeOptions:
    """How to serve: address, worker processes, threads per worker."""

    index_dir: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    threads: int = 8


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def listening_socket(host: str, port: int, backlog: int = 1024) -> socket.socket:
    """A TCP socket bound to host:port and listening; AddressUnavailable says why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise AddressUnavailable(f"cannot listen on {host!r}: {exc.strerror}") from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        raise AddressUnavailable(_address_problem(host, port, exc)) from None
    sock.set_inheritable(True)
    return sock


def _address_problem(host: str, port: int, exc: OSError) -> str:
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is already in use (another newsdex serve?): "
                "stop that server or choose another port with --port")
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on {where} (ports below 1024 need privileges)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine: use --host 127.0.0.1 or 0.0.0.0"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def preload(index_dir: str) -> None:
    """Open the index once (IndexUnavailable if it cannot be) and load what the first
    search would otherwise wait for, then let the searcher go: the workers open their
    own, and inherit the loaded tables."""
    from search.backends import open_search

    engine = open_search(index_dir)
    try:
        engine.warm()
    finally:
        engine.close()


def _waitress(sock: socket.socket, options: ServeOptions, ready: Callable[[], None]):
    """Build the app and a waitress server on `sock`; `ready` runs once both exist."""
    import waitress

    from web import create_app

    app = create_app(index_dir=options.index_dir)
    app.extensions["newsdex"].get().warm()
    server = waitress.create_server(app, sockets=[sock], threads=options.threads,
                                    ident="newsdex")
    ready()
    return app, server


def _run_until_stopped(server, app) -> None:
    """Serve until SIGTERM, SIGINT or the server closes; then finish and release."""
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        server.task_dispatcher.shutdown(timeout=STOP_SECONDS / 2)
        app.extensions["newsdex"].close()


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


def _watch_parent(parent: int) -> None:
    """Stop this worker when its parent is gone (killed without a chance to stop us)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def _worker(sock: socket.socket, options: ServeOptions, parent: int) -> int:
    """The body of one forked worker; returns its exit status."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    signal.signal(signal.SIGTERM, _raise_exit)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="newsdex-parent-watch").start()
    try:
        app, server = _waitress(sock, options, ready=lambda: None)
    except SystemExit:
        return 0
    except Exception as exc:  # e.g. the index went away between preload and fork
        print(f"newsdex: worker {os.getpid()} could not start: {exc}", file=sys.stderr,
              flush=True)
        return 1
    _run_until_stopped(server, app)
    return 0


class _Stop(Exception):
    """Raised in the parent by SIGINT or SIGTERM."""


def _stop_signal(signum, _frame):
    raise _Stop(signum)


class Supervisor:
    """The parent: forks the workers, replaces one that dies, stops them all."""

    def __init__(self, sock: socket.socket, options: ServeOptions, say: Callable[[str], None]):
        self.sock = sock
        self.options = options
        self.say = say
        self.started: dict[int, float] = {}  # pid -> start time
        self.early_exits = 0

    def fork_one(self) -> int:
        """Start one worker process; returns its pid."""
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            status = 1
            try:
                status = _worker(self.sock, self.options, parent)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        self.started[pid] = time.monotonic()
        return pid

    def run(self) -> None:
        """Fork the workers and wait; returns after SIGINT/SIGTERM once all have stopped."""
        previous = {s: signal.signal(s, _stop_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            gc.collect()
            gc.freeze()  # what the parent loaded stays in shared pages
            for _ in range(self.options.workers):
                self.fork_one()
            self.say(f"worker pids: {' '.join(str(p) for p in self.started)}")
            self._wait()
        except _Stop:
            pass
        finally:
            self.stop()
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _wait(self) -> None:
        while self.started:
            pid, status = os.wait()
            begun = self.started.pop(pid, None)
            if begun is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            if time.monotonic() - begun < EARLY_EXIT_SECONDS:
                self.early_exits += 1
                if self.early_exits >= MAX_EARLY_EXITS:
                    raise WorkersFailed(f"workers keep exiting at start (last status {code})")
            new = self.fork_one()
            self.say(f"worker {pid} exited with status {code}; started worker {new}")

    def stop(self) -> None:
        """SIGTERM every worker, SIGKILL those still running after STOP_SECONDS; reap all."""
        for pid in self.started:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        while self.started and time.monotonic() < deadline:
            for pid in list(self.started):
                done, _status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.started.pop(pid)
            time.sleep(0.05)
        for pid in list(self.started):
            _signal(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self.started.pop(pid)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def serve(options: ServeOptions, say: Callable[[str], None]) -> None:
    """Serve until SIGINT or SIGTERM. Raises AddressUnavailable, IndexUnavailable (no index
    to open) or WorkersFailed; `say` gets the lines to show the user."""
    sock = listening_socket(options.host, options.port)
    try:
        host, port = sock.getsockname()[:2]
        url = f"http://{host}:{port}/"
        if options.workers == 1:  # this process is the worker
            def ready():
                say(f"serving {options.index_dir} at {url} (1 worker, pid {os.getpid()}; "
                    "Ctrl-C stops)")
            previous = signal.signal(signal.SIGTERM, _raise_exit)
            try:
                app, server = _waitress(sock, options, ready)
                _run_until_stopped(server, app)
            finally:
                signal.signal(signal.SIGTERM, previous)
            return
        preload(options.index_dir)
        say(f"serving {options.index_dir} at {url} ({options.workers} workers, "
            f"{options.threads} threads each; Ctrl-C stops)")
        Supervisor(sock, options, say).run()
    finally:
        sock.close()


def resident_memory(pid: int) -> dict[str, int]:
    """RSS, PSS (each shared page divided among the processes that map it) and the
    shared part of one process, in bytes, from /proc (Linux); {} where unreadable."""
    found = {}
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return found
    names = {"Rss": "rss", "Pss": "pss", "Shared_Clean": "shared", "Shared_Dirty": "shared"}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in names and rest.strip().endswith("kB"):
            found[names[key]] = found.get(names[key], 0) + int(rest.split()[0]) * 1024
    return found


def worker_pids(parent: int) -> list[int]:
    """The child processes of `parent` (Linux /proc)."""
    children = []
    for task in Path(f"/proc/{parent}/task").glob("*/children"):
        try:
            children += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return sorted(set(children))
