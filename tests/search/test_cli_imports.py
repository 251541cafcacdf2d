"""A quick CLI (issue 28.6): `newsdex search` imports no writer code, and a Latin query
loads no Ukrainian/Russian dictionaries (checked in a fresh process, by sys.modules)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITER = ("indexer.pipeline", "indexer.backends.whoosh.writer",
          "indexer.backends.whoosh.segment_writer", "indexer.parallel", "spacy", "natasha",
          "trafilatura", "indexer.readers")
PROBE = """
import json, sys
from search.cli import main
sys.argv = ["newsdex", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(sys.modules)))
"""


def modules_of(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def loaded(modules: set[str], prefixes) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("args", [("search", "blair"), ("search", "Київ"),
                                  ("search", "--place", "Лондон", "x"), ("complete", "Куп"),
                                  ("search", "kupiansk", "--cross-lang")])
def test_search_imports_no_writer_code(seed_index, args):
    modules = modules_of(*args, "--index", str(seed_index))
    assert "search.cli" in modules
    assert loaded(modules, WRITER) == []


@pytest.mark.parametrize("args", [("search", "blair"), ("complete", "Kup")])
def test_a_latin_query_loads_no_slavic_dictionaries(seed_index, args):
    modules = modules_of(*args, "--index", str(seed_index))
    assert loaded(modules, ("pymorphy3", "pymorphy3_dicts_uk", "pymorphy3_dicts_ru")) == []
