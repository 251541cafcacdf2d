"""A bounded HTTP load driver for `newsdex serve`, run from a second process on loopback.

`serve()` starts `newsdex serve` on 127.0.0.1 in a child process; `drive()` sends a query
mix from N concurrent client threads until a request count or a time limit is reached,
and returns throughput, latency percentiles and errors. Only 127.0.0.1 is ever a target.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
NEWSDEX = str(Path(sys.executable).with_name("newsdex"))


def free_port() -> int:
    """A free TCP port on 127.0.0.1: from $NEWSDEX_PORTS (e.g. 8200-8239) when set (a
    shared machine's allotted range), else any."""
    low, _, high = os.environ.get("NEWSDEX_PORTS", "").partition("-")
    candidates = range(int(low), int(high or low) + 1) if low else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in {os.environ['NEWSDEX_PORTS']}")


SERVER_LOG = Path(tempfile.gettempdir()) / "newsdex-bench-server.log"


@dataclass
class Served:
    """A running `newsdex serve`: its port and the pid of its (parent) process."""

    port: int
    pid: int
    workers: int


@contextlib.contextmanager
def serve(index_dir: Path, threads: int = 8, workers: int | None = None) -> Iterator[int]:
    """Run `newsdex serve` over `index_dir` on a free loopback port; yields the port."""
    with served(index_dir, threads, workers) as server:
        yield server.port


@contextlib.contextmanager
def served(index_dir: Path, threads: int = 8, workers: int | None = None) -> Iterator[Served]:
    """Run `newsdex serve` (`workers` processes, default one per core) over `index_dir`
    on a free loopback port until its worker processes answer; yields a Served.

    The server's output goes to SERVER_LOG (a pipe nobody reads would fill and stall it).
    """
    port = free_port()
    log = SERVER_LOG.open("w")
    count = workers or len(os.sched_getaffinity(0))
    proc = subprocess.Popen(
        [NEWSDEX, "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port",
         str(port), "--threads", str(threads), "--workers", str(count)],
        stdout=log, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):  # a request answered, not just a connection
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/api/openapi.json")
                conn.getresponse().read()
                conn.close()
                break
            if proc.poll() is not None:
                raise RuntimeError(f"newsdex serve exited: {SERVER_LOG.read_text()}")
            time.sleep(0.2)
        yield Served(port=port, pid=proc.pid, workers=count)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@dataclass
class LoadResult:
    """What one load run measured."""

    clients: int
    requests: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, pct: float) -> float:
        """The pct-th percentile latency in ms (nearest rank)."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def row(self, label: str) -> str:
        """A Markdown table row."""
        median = statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")
        return table_row(label, self.clients, self.requests, self.rate, median,
                         self.percentile(95), self.percentile(99), self.errors)


def table_row(label: str, clients: int, requests: int, rate: float, p50: float, p95: float,
              p99: float, errors: int) -> str:
    """One Markdown row in HEADER's columns (latencies in ms)."""
    return (f"| {label} | {clients} | {requests} | {rate:.1f} | {p50:.1f} | {p95:.1f} | "
            f"{p99:.1f} | {errors} |")


HEADER = ("| scenario | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|")


def drive(port: int, paths: Sequence[str], clients: int, seconds: float,
          max_requests: int) -> LoadResult:
    """Send `paths` round-robin from `clients` threads; bounded in time and count."""
    result = LoadResult(clients=clients)
    lock = threading.Lock()
    sent = [0]
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                result.requests += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status != 200:
                    result.errors += 1
                result.latencies_ms.append(elapsed)
        conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    result.seconds = time.perf_counter() - started
    return result


def api_paths(queries: Sequence[dict]) -> list[str]:
    """`/api/search` paths for a list of parameter dicts."""
    return ["/api/search?" + urlencode(q, doseq=True) for q in queries]
