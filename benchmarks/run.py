"""Run benchmarks and write their sections into BENCHMARKS.md.

`python benchmarks/run.py` (or `make bench`) runs the standard set; name sections to run
only those: `python benchmarks/run.py cranfield entities`. Each section replaces the one
with the same heading in BENCHMARKS.md, so figures of sections not run are kept (each
section says when and how it was measured).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata as md
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
OUT = ROOT / "BENCHMARKS.md"

PACKAGES = ("Whoosh-Reloaded", "spacy", "natasha", "pymorphy3", "numpy", "Flask", "tantivy")
STANDARD = ("bbc", "api", "cranfield", "entities", "html", "dedup", "reuters", "scale", "load")
# Section name -> the module in benchmarks/ that measures it (run() and markdown()).
MODULES = {"bbc": "bbc", "api": "api_bench", "cranfield": "cranfield", "entities": "entities",
           "html": "html_eval", "dedup": "dedup_eval", "reuters": "scale", "scale": "scale",
           "scale1m": "scale", "load": "load",
           # OpenSearch (issue 25; nodes of their own, so Java is needed: not in STANDARD)
           "reuters-opensearch": "scale", "scale-opensearch": "scale",
           "opensearch": "opensearch_bench", "opensearch-faults": "opensearch_faults"}
SCALE_RUNS = {"reuters": {"corpus": "reuters", "scale": 21_578},
              "scale": {"corpus": "synthetic", "scale": 100_000, "cold_disk": True},
              "scale1m": {"corpus": "synthetic", "scale": 1_000_000, "budget": 30.0,
                          "cold_disk": True},
              "reuters-opensearch": {"corpus": "reuters", "scale": 21_578, "engines": (
                  "newsdex", "fts5", "tantivy", "opensearch")},
              "scale-opensearch": {"corpus": "synthetic", "scale": 100_000, "engines": (
                  "newsdex", "fts5", "tantivy", "opensearch")}}


def machine() -> str:
    """The machine, Python and package versions, as one line."""
    cpu = platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
    import os

    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {md.version(name)}")
        except md.PackageNotFoundError:
            continue
    return (f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; "
            f"{', '.join(versions)}")


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^(?=## )", text)
    return {p.splitlines()[0]: p.rstrip() for p in parts if p.startswith("## ")}


def write(new_sections: list[str]) -> None:
    """Merge sections into BENCHMARKS.md, replacing those with the same heading."""
    existing = _sections(OUT.read_text()) if OUT.exists() else {}
    for section in new_sections:
        existing[section.splitlines()[0]] = section.rstrip()
    head = ("# Benchmarks\n\nReproduce everything with `make bench` "
            "(= `.venv/bin/python benchmarks/run.py`), or one section with "
            "`.venv/bin/python benchmarks/run.py NAME` "
            f"(names: {', '.join(STANDARD)}; `scale1m` for the 1,000,000-article run). "
            "Each section names the run that produced it.\n")
    OUT.write_text(head + "\n" + "\n\n".join(existing.values()) + "\n")


def main(names: list[str]) -> None:
    """Run the named sections (all standard ones by default) and write BENCHMARKS.md."""
    stamp = f"_Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}._"
    sections = []
    with tempfile.TemporaryDirectory() as tmp:
        bbc_index = Path(tmp) / "bbc-index"
        for name in names or STANDARD:
            module = importlib.import_module(MODULES.get(name, name))
            print(f"running {name} ...", flush=True)
            if name == "bbc":
                figures = module.run(keep=bbc_index)
            elif name in SCALE_RUNS:
                figures = module.run(**SCALE_RUNS[name], workdir=Path(tmp) / name)
            else:
                figures = module.run()
            text = module.markdown(figures)
            heading, _, rest = text.partition("\n")
            sections.append(f"{heading}\n\n{stamp}\n{rest}")
            print(sections[-1], flush=True)
            write(sections[-1:])


if __name__ == "__main__":
    main(sys.argv[1:])
