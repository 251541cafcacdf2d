"""Every third-party module imported by indexer/, search/ and web/ is a declared dependency."""

import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import ROOT

PACKAGES = ("indexer", "search", "web")


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_levels() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normalize(re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0])
                for dep in project["dependencies"]}
    dists = importlib.metadata.packages_distributions()
    missing = []
    for module, where in sorted(_imported_top_levels().items()):
        top = module.split(".")[0]
        if top in sys.stdlib_module_names or top in PACKAGES:
            continue
        # lxml.html.clean lives in its own distribution since lxml 5.2
        owners = ["lxml_html_clean"] if module.startswith("lxml.html.clean") else dists.get(top, [])
        assert owners, f"{module} (imported in {where}) is not installed"
        if not any(_normalize(owner) in declared for owner in owners):
            missing.append(f"{module} ({where}) -> {owners}")
    # trafilatura (every HTML page) imports lxml.html.clean, a separate project since lxml 5.2
    if "trafilatura" in declared:
        assert "lxml-html-clean" in declared, "lxml_html_clean must be declared for trafilatura"
    assert not missing, "undeclared dependencies: " + "; ".join(missing)
