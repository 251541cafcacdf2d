"""The layers of ARCHITECTURE.md, checked on the source: only the Whoosh backend packages
import `whoosh`; `indexer` imports neither `search` nor `web`; `search` does not import
`web`; the front ends reach storage only through the two protocols; the tests' folders
mirror the packages."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGES = ("indexer", "search", "web")
WHOOSH_PACKAGES = ("indexer/backends/whoosh/", "search/backends/whoosh/")
FRONT_ENDS = ("web/", "search/cli.py", "search/cli_common.py", "search/cli_input.py")


def _imports() -> dict[str, set[str]]:
    """Each project module's imported module names (absolute, as written)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            names = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {alias.name for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
            found[path.relative_to(ROOT).as_posix()] = names
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def test_only_the_whoosh_backends_import_whoosh():
    importers = sorted(f for f, names in _imports().items()
                       if any(_top(n) == "whoosh" for n in names))
    assert importers and all(f.startswith(WHOOSH_PACKAGES) for f in importers), importers


def test_imports_run_front_ends_to_search_to_indexer():
    for module, names in _imports().items():
        tops = {_top(n) for n in names}
        if module.startswith("indexer/"):
            assert not tops & {"search", "web"}, module
        if module.startswith("search/") and not module.startswith(FRONT_ENDS):
            assert "web" not in tops, module  # (the CLI starts the web server: `serve`)


def test_front_ends_reach_storage_only_through_the_protocols():
    allowed = ("indexer.backends.whoosh.store",)  # default_index_dir: the folder's name only
    for module, names in _imports().items():
        if not module.startswith(FRONT_ENDS):
            continue
        inside = [n for n in names if ".backends.whoosh" in n and n not in allowed]
        assert inside == [], (module, inside)


def test_the_tests_mirror_the_packages():
    """A test in a subfolder of tests/ sits where the package it tests sits in the tree,
    and no two test files share a name (pytest imports them by basename)."""
    tests = sorted((ROOT / "tests").rglob("test_*.py"))
    misplaced = [t.relative_to(ROOT).as_posix() for t in tests
                 if t.parent != ROOT / "tests"
                 and not (ROOT / t.parent.relative_to(ROOT / "tests") / "__init__.py").is_file()]
    assert not misplaced, misplaced
    names = [t.name for t in tests]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
