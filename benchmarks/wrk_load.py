"""The same query mix as `http_load.drive`, sent by wrk (a C event-loop load generator).

The Python client threads of `http_load.drive` cost the machine about as much CPU per
request as the server spends answering it, and on a 2-core machine they share the cores
with the workers being measured. wrk sends the same paths round-robin from one thread
holding N keep-alive connections, at a small fraction of that cost, so the server's own
scaling shows. `drive_wrk()` returns a `WrkResult` with the fields `api_bench` prints.

wrk comes from Debian's packages (`apt-get install wrk`; `scripts/install-wrk.sh`);
`have_wrk()` tells whether it is on PATH.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from http_load import table_row

# One thread's state: the paths, a cursor, and the done() hook printing the figures as
# one JSON line (latency percentiles in microseconds, wrk's unit).
_SCRIPT = """
paths = {%s}
cursor = 0
request = function()
  cursor = cursor %% #paths + 1
  return wrk.format("GET", paths[cursor])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%d, "p95": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class WrkResult:
    """What one wrk run measured (latencies in ms)."""

    clients: int
    requests: int
    seconds: float
    errors: int
    p50: float
    p95: float
    p99: float
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, pct: float) -> float:
        """The 50th, 95th or 99th percentile latency in ms (the ones wrk was asked for)."""
        return {50: self.p50, 95: self.p95, 99: self.p99}[int(pct)]

    def row(self, label: str) -> str:
        """A Markdown table row in `http_load.HEADER`'s columns."""
        return table_row(label, self.clients, self.requests, self.rate, self.p50, self.p95,
                         self.p99, self.errors)


def have_wrk() -> bool:
    """True when the wrk binary is on PATH."""
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def drive_wrk(port: int, paths: Sequence[str], clients: int, seconds: float) -> WrkResult:
    """Send `paths` round-robin over `clients` keep-alive connections to 127.0.0.1:`port`
    for `seconds`, from one wrk thread. Raises RuntimeError when wrk fails or prints no
    figures (e.g. not installed)."""
    if not have_wrk():
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "mix.lua"
        script.write_text(_SCRIPT % ", ".join(_lua_string(p) for p in paths))
        proc = subprocess.run(
            ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
             "-s", str(script), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=seconds + 120)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    got = json.loads(lines[-1])
    kinds = {k: got[k] for k in ("connect", "read", "write", "status", "timeout") if got[k]}
    return WrkResult(clients=clients, requests=got["requests"],
                     seconds=got["duration_us"] / 1e6, errors=sum(kinds.values()),
                     p50=got["p50"] / 1000, p95=got["p95"] / 1000, p99=got["p99"] / 1000,
                     error_kinds=kinds)
