"""Run every benchmark and write BENCHMARKS.md: `python benchmarks/run.py` (or `make bench`)."""

from __future__ import annotations

import importlib.metadata as md
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bbc  # noqa: E402

PACKAGES = ("Whoosh-Reloaded", "spacy", "natasha", "pymorphy3", "numpy", "Flask")


def machine() -> str:
    """The machine, Python and package versions, as a Markdown paragraph."""
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
        cpu = model
    except (OSError, StopIteration):
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    versions = ", ".join(f"{p} {md.version(p)}" for p in PACKAGES)
    return (f"Machine: {cores} cores, {cpu}; Python {platform.python_version()}; {versions}. "
            f"Run on {time.strftime('%Y-%m-%d')}.")


def main() -> None:
    """Run the benchmarks and write BENCHMARKS.md."""
    sections = [bbc.markdown(bbc.run())]
    text = "\n\n".join([
        "# Benchmarks",
        "Reproduce with `make bench` (= `.venv/bin/python benchmarks/run.py`); it rewrites "
        "this file. Figures are from one run on the machine below.",
        machine(), *sections]) + "\n"
    (ROOT / "BENCHMARKS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
