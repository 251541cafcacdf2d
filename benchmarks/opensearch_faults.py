"""Faults on a three-node OpenSearch cluster (issue 25, item 4), with real nodes and the real CLI.

Starts three nodes of its own (benchmarks/os_nodes.py, a work folder of this run), then:

1. clean run: `newsdex index` indexes a corpus (Reuters-21578 as JSON lines) into index A
   (one replica per shard); the articles and copies it ends with are the reference.
2. fault run: a `newsdex index` process indexes the same corpus into index B while client
   threads search A (fixed queries on indexed data) and B; part-way, the node holding B's
   primary shard is killed with SIGKILL. Figures: searches answered, errors, the totals
   seen for each fixed query (one value each = the same as before the kill), the writer's
   retries and exit status, B's articles and copies == A's (0 lost); then the killed node
   is started again and the cluster is waited for green with three nodes.
3. two writers: two `newsdex index` processes fed the odd and even lines of the corpus
   index C at once (as two machines would); C must end with A's articles and copies.

    python benchmarks/opensearch_faults.py --json /tmp/faults.json
    python benchmarks/run.py opensearch_faults     # the section of BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from corpora import reuters  # noqa: E402
from os_nodes import Cluster, Node, get_json  # noqa: E402

NEWSDEX = Path(sys.executable).with_name("newsdex")
# Fixed queries on the already-indexed index A: their totals must not move when a node dies.
QUERIES = (("oil", {}), ('"crude oil"', {}), ("", {"source": ["earn"]}), ("bank AND rate", {}))
RETRY = re.compile(r"retr(y|ied|ies)", re.I)


def write_corpus(path: Path, limit: int | None = None) -> int:
    """Reuters-21578 stories with a body as `newsdex index` JSON lines; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in reuters():
            if limit is not None and count >= limit:
                break
            out.write(json.dumps({"title": record["title"], "body": record["body"],
                                  "url": record["id"], "published": record["day"],
                                  "source": record["source"], "language": "en"}) + "\n")
            count += 1
    return count


def split_corpus(path: Path) -> tuple[Path, Path]:
    """The odd and the even lines of a corpus, as two files beside it."""
    odd, even = path.with_suffix(".odd.jsonl"), path.with_suffix(".even.jsonl")
    with path.open(encoding="utf-8") as lines, odd.open("w") as a, even.open("w") as b:
        for number, line in enumerate(lines):
            (a if number % 2 == 0 else b).write(line)
    return odd, even


def address(urls: list[str], index: str, replicas: int = 1) -> str:
    """The newsdex address of `index` on every node of the cluster."""
    hosts = ",".join(u.split("://", 1)[1] for u in urls)
    return f"opensearch://{hosts}/{index}?replicas={replicas}"


def start_writer(source: Path, target: str, log: Path) -> subprocess.Popen:
    """`newsdex index` as its own process (text only: no entity extraction)."""
    command = ["nice", "-n", "15", str(NEWSDEX), "index", str(source), "--index", target,
               "--no-entities", "--json", "--no-progress", "--wait", "120"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log.open("w"), text=True,
                            env={**os.environ, "PYTHONPATH": str(HERE.parent)})


def finish_writer(process: subprocess.Popen, log: Path) -> dict:
    """Wait for a writer; its exit status, seconds, JSON summary and retry lines."""
    out, _ = process.communicate()
    errors = log.read_text(errors="replace")
    summary = {}
    with contextlib.suppress(ValueError):
        summary = json.loads(out[out.index("{"):]) if "{" in out else {}
    return {"status": process.returncode, "summary": summary,
            "retry_lines": [line for line in errors.splitlines() if RETRY.search(line)],
            "stderr_tail": errors.splitlines()[-5:]}


def index_stats(target: str) -> dict:
    """`newsdex stats --json` of an index: articles, stories (copies of a re-published story
    counted once) and inputs (every place a text was found)."""
    out = subprocess.run([str(NEWSDEX), "stats", "--json", "--index", target],
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    if out.returncode:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    stats = json.loads(out.stdout)
    return {k: stats[k] for k in ("articles", "stories", "inputs")}


def raw_count(cluster: Cluster, index: str) -> int:
    """Documents in `index`, asked of the cluster directly (after a refresh)."""
    node = next(n for n in cluster.nodes if n.pid is not None)
    urlopen_post(f"{node.url}/{index}/_refresh")
    return get_json(f"{node.url}/{index}/_count")["count"]


def urlopen_post(url: str) -> None:
    """POST with an empty body (a refresh)."""
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST"), timeout=30)


class Searchers:
    """Client threads searching through newsdex's read backend until stopped."""

    def __init__(self, fixed: str, live: str, threads: int = 2):
        from search.backends import open_search

        self.fixed, self.live, self.live_address = open_search(fixed), None, live
        self.stop_flag = threading.Event()
        self.answered = Counter()
        self.errors: Counter = Counter()
        self.totals: dict[str, Counter] = {q: Counter() for q, _ in QUERIES}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._loop, args=(i,), daemon=True)
                        for i in range(threads)]

    def _loop(self, number: int) -> None:
        from search.request import SearchRequest

        turn = number
        while not self.stop_flag.is_set():
            query, filters = QUERIES[turn % len(QUERIES)]
            turn += 1
            which = "live" if turn % 3 == 0 else "fixed"
            if which == "live" and self.live is None:
                self._open_live()
                continue
            try:
                engine = self.live if which == "live" else self.fixed
                result = engine.search(SearchRequest(query=query, filters=filters))
            except Exception as error:  # every failure is a figure here
                with self.lock:
                    self.errors[f"{which}: {type(error).__name__}: {str(error)[:120]}"] += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.answered[which] += 1
                if which == "fixed":
                    self.totals[query][result.total] += 1
            time.sleep(0.02)

    def _open_live(self) -> None:
        """Open the index being written once its writer created it."""
        from indexer.errors import IndexUnavailable
        from search.backends import open_search

        try:
            live = open_search(self.live_address)
        except IndexUnavailable:
            time.sleep(0.2)
            return
        with self.lock:
            if self.live is None:
                self.live = live
                return
        live.close()

    def __enter__(self) -> Searchers:
        for thread in self.threads:
            thread.start()
        return self

    def snapshot(self) -> dict:
        """What was answered so far."""
        with self.lock:
            return {"answered": dict(self.answered), "errors": dict(self.errors),
                    "totals": {q: dict(c) for q, c in self.totals.items()}}

    def __exit__(self, *exc) -> None:
        self.stop_flag.set()
        for thread in self.threads:
            thread.join(60)
        self.fixed.close()
        if self.live is not None:
            self.live.close()


def victim(cluster: Cluster, index: str) -> Node:
    """The node to kill: the one holding most of `index`'s primaries (the manager if tied)."""
    primaries = cluster.primaries(index)
    manager = cluster.manager()
    return max(cluster.nodes, key=lambda n: (primaries.get(n.name, 0), n is manager))


def run(work: Path | None = None, limit: int | None = None, heap: str = "512m",
        kill_at: float = 0.4) -> dict:
    """All three runs; returns their figures. `kill_at`: the share of the clean run's
    seconds after which the node is killed."""
    own = tempfile.TemporaryDirectory(prefix="newsdex-faults-") if work is None else None
    work = Path(own.name) if own else Path(work)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "reuters.jsonl"
    figures: dict = {"corpus_records": write_corpus(corpus, limit), "heap": heap,
                     "load_before": os.getloadavg()}
    cluster = Cluster(work / "nodes", nodes=3, heap=heap)
    try:
        urls = cluster.start()
        figures["nodes"] = [n.name for n in cluster.nodes]
        tag = f"{os.getpid()}"
        a, b, c = (address(urls, f"faults-{x}-{tag}") for x in "abc")
        # 1. clean run
        started = time.monotonic()
        clean = finish_writer(start_writer(corpus, a, work / "clean.log"), work / "clean.log")
        clean["seconds"] = time.monotonic() - started
        clean["stats"], clean["count"] = index_stats(a), raw_count(cluster, f"faults-a-{tag}")
        figures["clean"] = clean
        # 2. fault run
        figures["fault"] = fault_run(cluster, a, b, f"faults-b-{tag}", corpus, work,
                                     clean["seconds"] * kill_at)
        # 3. two writers at once
        odd, even = split_corpus(corpus)
        started = time.monotonic()
        writers = [start_writer(part, c, work / f"half-{i}.log")
                   for i, part in enumerate((odd, even))]
        halves = [finish_writer(w, work / f"half-{i}.log") for i, w in enumerate(writers)]
        figures["two_writers"] = {"seconds": time.monotonic() - started, "writers": halves,
                                  "stats": index_stats(c),
                                  "count": raw_count(cluster, f"faults-c-{tag}")}
        figures["load_after"] = os.getloadavg()
    finally:
        cluster.stop()
        if own:
            own.cleanup()
    return figures


def fault_run(cluster: Cluster, fixed: str, target: str, index: str, corpus: Path,
              work: Path, kill_after: float) -> dict:
    """Index into `target` while searching, kill a node part-way, restart it afterwards."""
    out: dict = {"kill_after_s": kill_after}
    log = work / "fault.log"
    with Searchers(fixed, target) as searchers:
        time.sleep(3)
        out["before_kill"] = searchers.snapshot()
        started = time.monotonic()
        writer = start_writer(corpus, target, log)
        while time.monotonic() - started < kill_after and writer.poll() is None:
            time.sleep(0.2)
        deadline = time.monotonic() + 60
        while writer.poll() is None and time.monotonic() < deadline:
            try:  # the index exists once the writer's first request created it
                node = victim(cluster, index)
                break
            except (OSError, ValueError, StopIteration):
                time.sleep(0.5)
        else:
            raise RuntimeError("the writer ended (or never created the index) before the kill")
        manager = cluster.manager()
        out["killed"] = {"node": node.name, "was_manager": node is manager,
                         "primaries": cluster.primaries(index), "at_s":
                         time.monotonic() - started, "count_at_kill": raw_count(cluster, index)}
        cluster.kill9(node)
        out["health_after_kill"] = _health_soon(cluster)
        result = finish_writer(writer, log)
        result["seconds"] = time.monotonic() - started
        out["writer"] = result
        out["during"] = searchers.snapshot()
        out["stats"], out["count"] = index_stats(target), raw_count(cluster, index)
        restarted = time.monotonic()
        cluster.restart(node)
        cluster.wait(green=True, nodes=len(cluster.nodes), timeout=300)
        out["rejoin_s"] = time.monotonic() - restarted
        health = cluster.health()
        out["health_after_rejoin"] = {k: health[k] for k in ("status", "number_of_nodes")}
        out["after"] = searchers.snapshot()
    return out


def _health_soon(cluster: Cluster) -> dict:
    """The health a few seconds after the kill (yellow: replicas missing)."""
    time.sleep(5)
    try:
        health = cluster.health()
    except (OSError, RuntimeError) as error:
        return {"error": str(error)}
    return {k: health[k] for k in ("status", "number_of_nodes", "unassigned_shards")}


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    clean, fault, two = figures["clean"], figures["fault"], figures["two_writers"]
    during, killed = fault["after"], fault["killed"]
    lines = ["## OpenSearch cluster faults (three nodes, one replica)", "",
             f"Reuters-21578, {figures['corpus_records']:,} stories, `newsdex index "
             f"--no-entities` into three local nodes (heap {figures['heap']} each); load "
             f"average {figures['load_before'][0]:.2f} before, "
             f"{figures['load_after'][0]:.2f} after (the machine is shared today).", "",
             "| run | writer exit | seconds | articles | stories | inputs | documents |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    rows = [("clean", clean["status"], clean), ("kill -9 during", fault["writer"]["status"],
            {**fault["writer"], "stats": fault["stats"], "count": fault["count"]}),
            ("two writers (odd/even lines)",
             "/".join(str(w["status"]) for w in two["writers"]), two)]
    for name, status, r in rows:
        s = r["stats"]
        lines.append(f"| {name} | {status} | {r['seconds']:.0f} | {s.get('articles', '-')} | "
                     f"{s.get('stories', '-')} | {s.get('inputs', '-')} | {r['count']} |")
    lost = clean["count"] - fault["count"]
    lines += ["", f"Killed {killed['node']} (cluster manager: {killed['was_manager']}; "
              f"primaries {killed['primaries']}) {killed['at_s']:.0f} s into the run, with "
              f"{killed['count_at_kill']:,} documents written; health 5 s later: "
              f"{fault['health_after_kill']}. Articles lost: {lost}. Writer retry lines: "
              f"{len(fault['writer']['retry_lines'])}"
              + (f" (`{fault['writer']['retry_lines'][0][:100]}`)"
                 if fault['writer']['retry_lines'] else "") + ".",
              f"Searches answered: {during['answered']}; errors: "
              f"{sum(during['errors'].values())} {during['errors'] or ''}.",
              "Totals seen per fixed query on the indexed index (value: times): "
              + "; ".join(f"`{q or '*'}` {t}" for q, t in during["totals"].items()) + ".",
              f"Restarted node rejoined in {fault['rejoin_s']:.0f} s: "
              f"{fault['health_after_rejoin']}."]
    return "\n".join(lines)


def main() -> None:
    """Command line: run everything, print the section (and the raw figures with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--limit", type=int, help="index only this many stories")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--json", type=Path)
    ns = parser.parse_args()
    figures = run(ns.work, ns.limit, ns.heap)
    if ns.json:
        ns.json.write_text(json.dumps(figures, indent=1, default=str))
    print(markdown(figures))


if __name__ == "__main__":
    main()
