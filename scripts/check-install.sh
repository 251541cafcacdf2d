#!/bin/sh
# Installs newsdex with `pip install .` into a fresh venv, with the pip that venv ships
# (no upgrade), and reads an HTML page there: every runtime import must be a declared
# dependency (lxml_html_clean among them). Usage: scripts/check-install.sh [PYTHON]
set -eu
PYTHON="${1:-python3}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$VENV")"' EXIT
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip --version
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$HERE"
cd "$(dirname "$VENV")"  # not the checkout: the installed package must do
"$VENV/bin/python" - <<'PY'
from indexer.readers.html import html_article

page = b"""<html><head><title>Harbour reopens - Wire</title></head><body><article>
<h1>Harbour reopens</h1><p>The harbour in Odesa reopened on Monday after repairs to the
piers, the port authority said.</p><p>Grain ships were expected later in the week.</p>
<script>alert(1)</script></article></body></html>"""
article = html_article(page, "page.html", url="https://example.test/harbour")
assert article.title == "Harbour reopens", article.title
assert "Grain ships" in article.body and "alert" not in article.body, article.body
print("html reader ok in a fresh venv:", article.title)
PY
"$VENV/bin/newsdex" --help > /dev/null && echo "newsdex command ok"
