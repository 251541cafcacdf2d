"""newsdex extends Whoosh by subclassing only: importing every newsdex module leaves every
class and function of Whoosh's modules as Whoosh defined them."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
import types

from conftest import ROOT

PACKAGES = ("indexer", "search", "web")


def _whoosh_modules() -> list[types.ModuleType]:
    import whoosh

    found = []
    for info in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
        try:
            found.append(importlib.import_module(info.name))
        except Exception:  # optional parts of Whoosh (e.g. needing absent libraries)
            continue
    return found


def _snapshot(modules: list[types.ModuleType]) -> dict[str, object]:
    """Every module attribute and every class attribute of Whoosh, by dotted name."""
    seen: dict[str, object] = {}
    for module in modules:
        for name, value in list(vars(module).items()):
            seen[f"{module.__name__}.{name}"] = value
            if isinstance(value, type) and value.__module__.startswith("whoosh"):
                for attr, member in list(vars(value).items()):
                    seen[f"{module.__name__}.{name}.{attr}"] = member
            if isinstance(value, types.FunctionType):
                seen[f"{module.__name__}.{name}.__defaults__"] = value.__defaults__
    return seen


def _newsdex_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(package)
        names.append(package)
        names += [info.name for info in pkgutil.walk_packages(root.__path__, f"{package}.")]
    return names


def test_importing_newsdex_leaves_whoosh_unchanged():
    modules = _whoosh_modules()
    before = _snapshot(modules)
    imported = [importlib.import_module(name) for name in _newsdex_modules()]
    assert len(imported) > 60  # every layer, the Whoosh backend's packages included
    after = _snapshot(modules)
    changed = sorted(k for k in before.keys() & after.keys() if before[k] is not after[k])
    added = sorted(after.keys() - before.keys())
    assert changed == [] and added == [], (changed[:20], added[:20])


def test_whoosh_alone_in_a_fresh_process_equals_whoosh_after_newsdex():
    """Whoosh's classes and functions, named by their qualified names and code objects, in
    a process that never imports newsdex and in one that imports all of it first."""
    code = """
import importlib, pkgutil, sys, types, whoosh
if sys.argv[1] == "newsdex":
    for package in ("indexer", "search", "web"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            importlib.import_module(info.name)
rows = []
for info in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
    try:
        module = importlib.import_module(info.name)
    except Exception:
        continue
    for name, value in sorted(vars(module).items()):
        if isinstance(value, types.ModuleType):  # submodules: set by imports, in any order
            continue
        for attr, member in ([(None, value)] + (sorted(vars(value).items())
                             if isinstance(value, type) else [])):
            fn = getattr(member, "__func__", member)
            where = getattr(fn, "__code__", None)
            rows.append(f"{module.__name__}.{name}.{attr}: {type(member).__name__} "
                        f"{getattr(fn, '__qualname__', '')} "
                        f"{where.co_filename + ':' + str(where.co_firstlineno) if where else ''}"
                        f" {getattr(fn, '__defaults__', None)!r}"[:300])
print(len(rows))
print("\\n".join(r for r in rows if " at 0x" not in r))
"""
    def run(mode: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", code, mode], cwd=ROOT, text=True,
                              capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": "0"})  # set reprs
        return done.stdout.splitlines()

    alone, after = run("whoosh"), run("newsdex")
    assert int(alone[0]) > 1000
    assert [r for r in after if r not in alone] == []
