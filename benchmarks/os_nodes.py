"""OpenSearch nodes of our own for benchmarks: a cluster started by `scripts/opensearch.sh`
in a work folder of this run, nodes killed with SIGKILL and started again on their ports.

Only the nodes whose pid files lie in this run's work folder are ever signalled; other
people's nodes on the machine are never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "opensearch.sh"


def get_json(url: str, timeout: float = 5.0) -> dict | list:
    """GET `url` and decode its JSON body."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


@dataclass
class Node:
    """One node of the cluster: its name, folder, HTTP address and how it was started."""

    name: str
    folder: Path
    url: str
    argv: list[str] = field(default_factory=list)
    environ: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def pid(self) -> int | None:
        """The running process, or None."""
        try:
            pid = int((self.folder / "pid").read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def rss_mb(self) -> float:
        """The node process's resident memory, MB (0 when it is not running)."""
        pid = self.pid
        if pid is None:
            return 0.0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


class Cluster:
    """`NEWSDEX_OS_NODES` nodes on free loopback ports, data and logs under `work`."""

    def __init__(self, work: Path, nodes: int = 3, heap: str = "512m"):
        self.work, self.size, self.heap = Path(work), nodes, heap
        self.nodes: list[Node] = []

    def _env(self) -> dict[str, str]:
        return {**os.environ, "NEWSDEX_OS_WORK": str(self.work), "NEWSDEX_OS_PORT": "0",
                "NEWSDEX_OS_NODES": str(self.size), "NEWSDEX_OS_HEAP": self.heap}

    def start(self) -> list[str]:
        """Start the nodes (and wait for health); returns their HTTP addresses."""
        command = ["nice", "-n", "15", "bash", str(SCRIPT),
                   "cluster-start" if self.size > 1 else "start"]
        out = subprocess.run(command, env=self._env(), check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1]
        urls = out.split(",")
        names = ([f"cnode-{i}" for i in range(1, self.size + 1)] if self.size > 1
                 else ["node-1"])
        self.nodes = []
        for name, url in zip(names, urls, strict=True):
            node = Node(name, self.work / name, url)
            pid = node.pid
            node.argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").decode(
                ).split("\0")
            node.environ = dict(item.split("=", 1) for item in Path(
                f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
                if "=" in item)
            self.nodes.append(node)
        self.wait(green=self.size > 1, nodes=self.size)
        return urls

    def stop(self) -> None:
        """Stop every node of this cluster (SIGTERM through the script)."""
        subprocess.run(["bash", str(SCRIPT), "cluster-stop" if self.size > 1 else "stop"],
                       env=self._env(), check=False, capture_output=True)
        for node in self.nodes:  # a node restarted from here is our child: reap it
            if node.process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    node.process.wait(timeout=60)

    def health(self, via: Node | None = None) -> dict:
        """The cluster's health, asked of a live node (`via`, else the first one alive)."""
        for node in [via] if via else self.nodes:
            if node.pid is not None:
                with_timeout = f"{node.url}/_cluster/health"
                return get_json(with_timeout)
        raise RuntimeError("no node of the cluster is running")

    def wait(self, green: bool = True, nodes: int | None = None,
             timeout: float = 180.0) -> float:
        """Wait until the health is green (or yellow, `green=False`) with `nodes` nodes;
        returns the seconds it took."""
        started = time.monotonic()
        wanted = ("green",) if green else ("green", "yellow")
        last: dict = {}
        while time.monotonic() - started < timeout:
            try:
                last = self.health()
                if last["status"] in wanted and (nodes is None
                                                 or last["number_of_nodes"] == nodes):
                    return time.monotonic() - started
            except (OSError, RuntimeError, ValueError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"cluster not {'/'.join(wanted)} with {nodes} nodes after "
                           f"{timeout:.0f} s: {last}")

    def manager(self) -> Node:
        """The elected cluster manager."""
        alive = next(n for n in self.nodes if n.pid is not None)
        name = get_json(f"{alive.url}/_cat/cluster_manager?format=json")[0]["node"]
        return next(n for n in self.nodes if n.name == name)

    def primaries(self, index: str) -> dict[str, int]:
        """Node name -> how many primary shards of `index` it holds."""
        alive = next(n for n in self.nodes if n.pid is not None)
        counts: dict[str, int] = {}
        for row in get_json(f"{alive.url}/_cat/shards/{index}?format=json"):
            if row["prirep"] == "p" and row.get("node"):
                counts[row["node"]] = counts.get(row["node"], 0) + 1
        return counts

    def kill9(self, node: Node) -> None:
        """SIGKILL one node of this cluster (no shutdown of any kind)."""
        pid = node.pid
        if pid is None:
            raise RuntimeError(f"{node.name} is not running")
        os.kill(pid, signal.SIGKILL)
        while node.pid is not None:
            time.sleep(0.05)
            with contextlib.suppress(ChildProcessError):  # reap it when it is our child
                os.waitpid(pid, os.WNOHANG)

    def restart(self, node: Node) -> None:
        """Start a killed node again with its own command line, ports and data folder."""
        with (node.folder / "node.log").open("ab") as log:  # the child keeps its own copy
            process = subprocess.Popen(["nice", "-n", "15", *node.argv], env=node.environ,
                                       stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        (node.folder / "pid").write_text(f"{process.pid}\n")
        node.process = process  # kept: reaped when it ends, never left to the collector
