"""A/B of two checkouts of newsdex on the scale benchmark, alternating, each against FTS5.

Runs `benchmarks/scale.py` of the `--before` checkout and of the `--after` one (default:
this one) in turns, `--rounds` times, each with newsdex and SQLite FTS5 in the same run.
The first round indexes (each checkout writes its own index and an FTS5 one, so the
indexing figures are same-run pairs too); later rounds serve the kept indexes (`--reuse`:
every round does, for a re-run of the serving figures only). The order
alternates (before, after; after, before; ...) so that a slow hour of the machine falls on
both. For every figure (indexing rate, index size, p50 and p95 of every query) the
printout gives newsdex's ratio to FTS5 in the same run, its median over the rounds per
checkout, and the change after / before; a change worse than `--limit` (5%) is flagged.

    python benchmarks/ab_scale.py --before ../wt/before --rounds 3 --workdir /tmp/ab

Output: a markdown table on stdout; `--json` keeps every run's raw figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def run_side(checkout: Path, workdir: Path, scale: int, keep: bool, out: Path,
             budget: float, repeat: int = 20) -> dict:
    """One `scale.py` run of `checkout` (newsdex and FTS5); returns its figures."""
    cmd = [sys.executable, str(checkout / "benchmarks" / "scale.py"), "--scale", str(scale),
           "--workdir", str(workdir), "--engines", "newsdex,fts5", "--json", str(out),
           "--budget", str(budget), "--repeat", str(repeat)]
    if keep:
        cmd.append("--keep")
    subprocess.run(cmd, check=True, cwd=checkout, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def ratios(figures: dict) -> dict[str, float]:
    """newsdex / FTS5 for each figure of one run (higher is worse for every one of them:
    the indexing rate is inverted to FTS5 / newsdex)."""
    ours, theirs = figures["engines"]["newsdex"], figures["engines"]["fts5"]
    out: dict[str, float] = {}
    if ours.get("index") and theirs.get("index"):
        out["index articles/s (FTS5 / newsdex)"] = theirs["index"]["rate"] / ours["index"]["rate"]
        out["index MB"] = ours["index"]["size_mb"] / max(theirs["index"]["size_mb"], 1e-6)
    for name, ours_q in ours["serve"]["latency"].items():
        theirs_q = theirs["serve"]["latency"][name]
        for pct in ("p50", "p95"):
            out[f"{name} {pct}"] = ours_q[pct] / max(theirs_q[pct], 1e-3)
    return out


def table(runs: dict[str, list[dict]], limit: float) -> str:
    """The markdown comparison of the two checkouts' same-run ratios."""
    per_side = {side: [ratios(f) for f in figs] for side, figs in runs.items()}
    names = list(per_side["after"][0])
    lines = ["| figure | before: newsdex/FTS5 (runs) | after: newsdex/FTS5 (runs) | "
             "after / before | |", "|---|---|---|---:|---|"]
    flagged = 0
    for name in names:
        cells, medians = [], {}
        for side in ("before", "after"):
            values = [r[name] for r in per_side[side] if name in r]
            medians[side] = statistics.median(values)
            cells.append(f"{medians[side]:.3f} ({', '.join(f'{v:.3f}' for v in values)})")
        change = medians["after"] / medians["before"]
        worse = change > 1 + limit
        flagged += worse
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {change:.3f} | "
                     f"{'worse by more than ' + format(limit, '.0%') if worse else ''} |")
    lines += ["", f"{flagged} of {len(names)} figures worse by more than {limit:.0%}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--after", type=Path, default=HERE, help="checkout of the new code")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20,
                        help="warm runs per query and side (p95 needs 100 or more)")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds of warm runs per query and engine")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsdex-ab"))
    parser.add_argument("--limit", type=float, default=0.05)
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    parser.add_argument("--reuse", action="store_true",
                        help="serve the indexes an earlier run left in --workdir (no indexing)")
    ns = parser.parse_args()
    sides = {"before": ns.before.resolve(), "after": ns.after.resolve()}
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for round_ in range(ns.rounds):
        order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
        for side in order:
            started = time.strftime("%H:%M", time.gmtime())
            out = ns.workdir / f"{side}-{round_ + 1}.json"
            ns.workdir.mkdir(parents=True, exist_ok=True)
            runs[side].append(run_side(sides[side], ns.workdir / side, ns.scale,
                                       keep=ns.reuse or round_ > 0, out=out, budget=ns.budget,
                                       repeat=ns.repeat))
            print(f"round {round_ + 1}: {side} done (started {started} UTC)", file=sys.stderr)
    if ns.json:
        ns.json.write_text(json.dumps(runs))
    print(table(runs, ns.limit))


if __name__ == "__main__":
    main()
