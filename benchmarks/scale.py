"""Scale benchmark: newsdex vs SQLite FTS5 vs Tantivy on the same articles, in one run.

Every engine indexes the same records (synthetic at any scale, or Reuters-21578) in a child
process of its own (throughput, index size, peak RSS), then a fresh child opens the index,
times the first query (cold) and the query set warm (p50/p95/p99), and reports its answers
so that the engines can be checked against each other.

    python benchmarks/scale.py --corpus synthetic --scale 100000
    python benchmarks/scale.py --corpus reuters
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from corpora import read_jsonl, reuters, synthetic, vocabulary, write_jsonl  # noqa: E402
from engine_opensearch import OpenSearchNewsdex, node_memory, own_node, store_mb  # noqa: E402
from engines import ENGINES, Spec  # noqa: E402

ENGINES = {**ENGINES, "opensearch": OpenSearchNewsdex}

WORKDIR = Path("/tmp/newsdex-bench")  # also where generated corpora are kept between runs
BUDGET_S = 60.0  # warm runs of one query stop after this many seconds ...
MIN_RUNS = 3  # ... once they are at least this many


def _base_specs(corpus: str) -> list[Spec]:
    if corpus == "reuters":
        return [
            Spec("all", "all"),
            Spec("term narrow", "term", ("cocoa",)), Spec("term broad", "term", ("pct",)),
            Spec("and narrow", "and", ("coffee", "brazil")),
            Spec("and broad", "and", ("mln", "year")),
            Spec("phrase narrow", "phrase", ("crude", "oil")),
            Spec("phrase broad", "phrase", ("mln", "dlrs")),
            Spec("source filter", "term", ("pct",), source="earn"),
            Spec("place filter", "term", ("bank",), person=None, source="money-fx"),
            Spec("date range", "term", ("pct",), since="1987-03-01", until="1987-03-31"),
            Spec("date range only", "all", since="1987-03-01", until="1987-03-15"),
        ]
    w = vocabulary()
    return [
        Spec("all", "all"),
        Spec("term narrow", "term", (w[20000],)), Spec("term broad", "term", (w[100],)),
        Spec("and narrow", "and", (w[1000], w[2000])), Spec("and broad", "and", (w[60], w[80])),
        Spec("phrase narrow", "phrase", (w[10], w[20])),
        Spec("phrase broad", "phrase", (w[2], w[3])),
        Spec("source filter", "term", (w[100],), source="source-0"),
        Spec("person filter", "term", (w[300],), person="person-0"),
        Spec("date range", "term", (w[100],), since="2022-01-01", until="2022-03-31"),
        Spec("date range only", "all", since="2022-01-01", until="2022-12-31"),
    ]


def specs(corpus: str) -> list[Spec]:
    """The query set: each base query plain (top 10 + snippets) and faceted (+ 4 facets)."""
    base = _base_specs(corpus)
    return [*base, *(replace(s, name=s.name + " +facets", faceted=True) for s in base)]


def corpus_file(corpus: str, scale: int, workdir: Path) -> Path:
    """The corpus as JSON lines, generated once per corpus and scale."""
    path = workdir / f"{corpus}-{scale}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".part")
        records = reuters() if corpus == "reuters" else synthetic(scale)
        write_jsonl(records, tmp)
        tmp.rename(path)
    return path


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage: ru_maxrss survives exec,
    so a child started by a big parent would report at least the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_index(engine: str, corpus: Path, index_dir: Path, stem: bool) -> dict:
    """In a child process: index the corpus; seconds, count, size and peak RSS."""
    if index_dir.exists():
        shutil.rmtree(index_dir)
    cls = ENGINES[engine]
    started = time.perf_counter()
    records = read_jsonl(corpus)
    if engine == "fts5":
        count = cls.index(records, index_dir, porter=stem)
    elif engine == "tantivy":
        count = cls.index(records, index_dir, stem=stem)
    else:
        count = cls.index(records, index_dir)
    seconds = time.perf_counter() - started
    size = store_mb(index_dir) if engine == "opensearch" else _dir_size(index_dir) / 2**20
    return {"count": count, "seconds": seconds, "rate": count / seconds,
            "size_mb": size, "peak_mb": _peak_mb(),
            "bulk_retries": getattr(cls, "bulk_retries", 0),
            "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _open_and_ask(engine: str, query_set: list[Spec], index_dir: Path) -> tuple:
    """(searcher, seconds to open, seconds to open and answer `term broad +facets`)."""
    cold_spec = next(s for s in query_set if s.name == "term broad +facets")
    started = time.perf_counter()
    searcher = ENGINES[engine](index_dir)
    opened = time.perf_counter() - started
    searcher.run(cold_spec)
    return searcher, opened, time.perf_counter() - started


def child_serve(engine: str, corpus_name: str, index_dir: Path, repeat: int,
                budget: float = BUDGET_S) -> dict:
    """In a child process: open + first query (cold), then the query set warm.

    A query stops repeating once its warm runs have taken `budget` seconds (after at least
    MIN_RUNS runs), so that FTS5's multi-second facet queries at 1M finish in minutes."""
    query_set = specs(corpus_name)
    searcher, opened, cold = _open_and_ask(engine, query_set, index_dir)
    answers, first = {}, {}
    for spec in query_set:  # the first run of each query: what the process had not seen
        t0 = time.perf_counter()
        answers[spec.name] = asdict(searcher.run(spec))
        first[spec.name] = (time.perf_counter() - t0) * 1000
    times: dict[str, list[float]] = {s.name: [] for s in query_set}
    for _ in range(repeat):
        for spec in query_set:
            done = times[spec.name]
            if len(done) >= MIN_RUNS and sum(done) > budget * 1000:
                continue
            t0 = time.perf_counter()
            searcher.run(spec)
            times[spec.name].append((time.perf_counter() - t0) * 1000)
    searcher.close()
    latency = {name: {"p50": percentile(v, 50), "p95": percentile(v, 95),
                      "p99": percentile(v, 99), "runs": len(v)} for name, v in times.items()}
    node = node_memory() if engine == "opensearch" else None
    return {"open_s": opened, "cold_s": cold, "latency": latency, "answers": answers,
            "first_ms": first, "peak_mb": _peak_mb(), "node": node}


def child_cold(engine: str, corpus_name: str, index_dir: Path) -> dict:
    """In a child process started after the page cache was dropped: open + first query,
    and the megabytes read from disk on the way (imports included)."""
    searcher, opened, cold = _open_and_ask(engine, specs(corpus_name), index_dir)
    searcher.close()
    read = 0.0
    with contextlib.suppress(OSError, StopIteration, ValueError):
        read = int(next(line.split(":")[1] for line in
                        Path("/proc/self/io").read_text().splitlines()
                        if line.startswith("read_bytes:"))) / 2**20
    return {"open_s": opened, "cold_s": cold, "read_mb": read}


def _drop_page_cache() -> bool:
    """Empty the system's page cache (Linux, as root); False where that is not allowed."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def _cold_disk(engine: str, corpus: str, index_dir: Path) -> dict | None:
    """Open + first query in a fresh process after the page cache was dropped; None where
    the cache cannot be dropped."""
    if not _drop_page_cache():
        return None
    return _in_child("cold", engine, corpus, str(index_dir))


def _in_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(corpus: str = "synthetic", scale: int = 100_000, workdir: Path = WORKDIR,
        engines: tuple[str, ...] = ("newsdex", "fts5", "tantivy"), repeat: int = 20,
        reindex: bool = True, budget: float = BUDGET_S, cache: Path = WORKDIR,
        cold_disk: bool = False) -> dict:
    """Index and query with every engine; returns the figures for `markdown`. Generated
    corpora are kept in `cache` for later runs. `cold_disk`: then open each index again
    from a cold disk (the page cache dropped, which needs root)."""
    workdir.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = corpus_file(corpus, scale, cache)
    figures: dict = {"corpus": corpus, "scale": scale, "repeat": repeat, "engines": {},
                     "generate_s": time.perf_counter() - started,
                     "queries": [asdict(s) for s in specs(corpus)]}
    stem = "1" if corpus == "reuters" else "0"
    with own_node(workdir / "opensearch-node", "opensearch" in engines) as node:
        figures["node"] = node
        _run_engines(figures, engines, corpus, scale, workdir, data, stem, reindex, repeat,
                     budget)
    for engine in engines if cold_disk else ():  # after every engine served warm
        if engine != "opensearch":  # a node cannot be opened from a cold disk in a child
            figures["engines"][engine]["cold_disk"] = _cold_disk(
                engine, corpus, workdir / f"{corpus}-{scale}-{engine}")
    return figures


def _run_engines(figures: dict, engines: tuple[str, ...], corpus: str, scale: int,
                 workdir: Path, data: Path, stem: str, reindex: bool, repeat: int,
                 budget: float) -> None:
    for engine in engines:
        index_dir = workdir / f"{corpus}-{scale}-{engine}"
        result: dict = {}
        if reindex or not index_dir.exists():
            result["index"] = _in_child("index", engine, str(data), str(index_dir), stem)
        result["serve"] = _in_child("serve", engine, corpus, str(index_dir), str(repeat),
                                    str(budget))
        result["finished"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        result["budget"] = budget
        figures["engines"][engine] = result
        print(f"{engine}: done", file=sys.stderr)


def _agreement(figures: dict, other: str) -> str:
    ours = figures["engines"]["newsdex"]["serve"]["answers"]
    theirs = figures["engines"][other]["serve"]["answers"]
    same_totals = sum(ours[n]["total"] == theirs[n]["total"] for n in ours)
    same_facets = sum(ours[n]["facets"] == theirs[n]["facets"] for n in ours
                      if ours[n]["facets"])
    faceted = sum(1 for n in ours if ours[n]["facets"])
    return (f"{other}: totals equal in {same_totals}/{len(ours)} queries, top-10 facet counts "
            f"equal in {same_facets}/{faceted} faceted queries")


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    engines = figures["engines"]
    names = list(engines)
    first = engines[names[0]]["serve"]["answers"]
    n = figures["scale"] if figures["corpus"] != "reuters" else first["all"]["total"]
    title = ("Reuters-21578" if figures["corpus"] == "reuters"
             else f"Synthetic corpus, {n:,} articles")
    title += ": newsdex vs SQLite FTS5 vs Tantivy" + (" vs OpenSearch" if "opensearch" in engines
                                                      else "")
    lines = [f"## {title}", "",
             "| engine | index articles/s | index MB | indexing peak RSS MB (largest "
             "sub-process) | open s | open + first query s | serving peak RSS MB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, e in engines.items():
        i, s = e.get("index"), e["serve"]
        sub = (f" ({i['children_peak_mb']:,.0f})" if i and i.get("children_peak_mb", 0) > 1
               else "")
        idx = (f"{i['rate']:,.0f} | {i['size_mb']:,.0f} | {i['peak_mb']:,.0f}{sub}" if i
               else "- | - | -")
        lines.append(f"| {name} | {idx} | {s['open_s']:.2f} | {s['cold_s']:.2f} | "
                     f"{s['peak_mb']:,.0f} |")
    cold = {name: e["cold_disk"] for name, e in engines.items() if e.get("cold_disk")}
    if cold:
        lines += ["", "From a cold disk (the page cache dropped, then a fresh process opens "
                  "the index and answers `term broad +facets`; open includes importing the "
                  "engine's modules, not numpy, which the benchmark imported before; read: "
                  "by the whole process):", "",
                  "| engine | open s | open + first query s | read from disk MB |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {name} | {c['open_s']:.2f} | {c['cold_s']:.2f} | {c['read_mb']:,.0f} |"
                  for name, c in cold.items()]
    if figures.get("node") and "opensearch" in engines:
        mem = engines["opensearch"]["serve"].get("node") or {}
        lines += ["", f"opensearch: one local node, heap {figures['node']['heap']}; after the "
                  f"query set it held {mem.get('heap_used_mb', 0):,.0f} MB of heap and "
                  f"{mem.get('rss_mb', 0):,.0f} MB resident (beside the serving Python "
                  "process above); index MB is the node's store size of the primaries; "
                  "bulk requests sent again while indexing: "
                  f"{(engines['opensearch'].get('index') or {}).get('bulk_retries', 0)}."]
    lines += ["", f"Warm latency, ms (p50 / p95 / p99 of {figures['repeat']} runs); "
              "`+facets` adds person, place, source, lang counts and the monthly histogram; "
              "share = matches / corpus:", ""]
    header = "| query | share | " + " | ".join(names)
    ratios = [o for o in ("fts5", "tantivy", "opensearch") if o in engines
              and "newsdex" in engines]
    header += "".join(f" | newsdex/{o} p50" for o in ratios)
    lines += [header + " |", "|---|---:|" + "---:|" * (len(names) + len(ratios))]
    for q in figures["queries"]:
        name = q["name"]
        share = first[name]["total"] / n if n else 0
        cells = [engines[e]["serve"]["latency"][name] for e in names]
        row = f"| {name} | {share:.1%} | " + " | ".join(
            f"{c['p50']:.1f} / {c['p95']:.1f} / {c['p99']:.1f}" for c in cells)
        nd = engines.get("newsdex", {}).get("serve", {}).get("latency", {}).get(name)
        for o in ratios:
            row += f" | {nd['p50'] / max(engines[o]['serve']['latency'][name]['p50'], 1e-3):.1f}x"
        lines.append(row + " |")
    if all("first_ms" in e["serve"] for e in engines.values()):
        lines += ["", "First run of each query in the serving process, ms (after the cold "
                  "`term broad +facets` above; newsdex decodes a term's postings on first use "
                  "and keeps them, search.backends.whoosh.postings, which the warm runs reuse):",
                  "",
                  "| query | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
        for q in figures["queries"]:
            lines.append(f"| {q['name']} | " + " | ".join(
                f"{engines[e]['serve']['first_ms'][q['name']]:.1f}" for e in names) + " |")
    short = [f"{e} `{name}` {c['runs']}" for e in names
             for name, c in engines[e]["serve"]["latency"].items()
             if c.get("runs", figures["repeat"]) < figures["repeat"]]
    if short:
        budgets = sorted({e: engines[e].get("budget", BUDGET_S) for e in names}.items())
        lines += ["", "Warm runs of a query stop once they took the engine's budget ("
                  + ", ".join(f"{e} {b:.0f} s" for e, b in budgets) + f"; at least {MIN_RUNS} "
                  f"runs); these had fewer than {figures['repeat']}: " + ", ".join(short) + "."]
    if "newsdex" in engines:
        lines += [""] + [f"Agreement with {_agreement(figures, o)}." for o in ratios]
    finished = {e: r["finished"] for e, r in engines.items() if "finished" in r}
    if finished:
        lines += ["", "Each engine's part finished at: "
                  + ", ".join(f"{e} {t}" for e, t in finished.items()) + "."]
    lines += [f"{e}'s indexing figures are from a part that finished at {r['indexed']}; "
              "its serving figures, from a part that only served (an index of the same "
              "articles)."
              for e, r in engines.items() if r.get("indexed")]
    return "\n".join(lines)


def combine(parts: list[dict]) -> dict:
    """One set of figures from runs of the same corpus and scale with different engines."""
    first = parts[0]
    if any((p["corpus"], p["scale"]) != (first["corpus"], first["scale"]) for p in parts):
        raise ValueError("parts of different corpora or scales cannot be combined")
    engines: dict[str, dict] = {}
    for part in parts:  # a later part of an engine wins; one that only served keeps the
        for name, e in part["engines"].items():  # indexing figures of an earlier one
            earlier = engines.get(name, {})
            if "index" not in e and "index" in earlier:
                e = {**e, "index": earlier["index"],
                     "indexed": earlier.get("indexed", earlier.get("finished"))}
            engines[name] = e
    order = [n for n in ("newsdex", "fts5", "tantivy", "opensearch") if n in engines]
    return {**first, "engines": {n: engines[n] for n in order}}


def main() -> None:
    """Command line: a full run, or one child step (internal)."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        step, args = sys.argv[2], sys.argv[3:]
        if step == "index":
            out = child_index(args[0], Path(args[1]), Path(args[2]), args[3] == "1")
        elif step == "cold":
            out = child_cold(args[0], args[1], Path(args[2]))
        else:
            out = child_serve(args[0], args[1], Path(args[2]), int(args[3]), float(args[4]))
        print(json.dumps(out))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("synthetic", "reuters"), default="synthetic")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    parser.add_argument("--engines", default="newsdex,fts5,tantivy")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--budget", type=float, default=BUDGET_S,
                        help="seconds of warm runs per query (at least 3 runs)")
    parser.add_argument("--keep", action="store_true", help="reuse existing indexes")
    parser.add_argument("--cold-disk", action="store_true",
                        help="also open each index from a cold disk (drops the page cache; root)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--combine", type=Path, nargs="+",
                        help="print the section from --json files of earlier runs instead")
    ns = parser.parse_args()
    if ns.combine:
        print(markdown(combine([json.loads(f.read_text()) for f in ns.combine])))
        return
    figures = run(ns.corpus, ns.scale, ns.workdir, tuple(ns.engines.split(",")), ns.repeat,
                  reindex=not ns.keep, budget=ns.budget, cold_disk=ns.cold_disk)
    if ns.json:
        ns.json.write_text(json.dumps(figures))
    print(markdown(figures))


if __name__ == "__main__":
    main()
