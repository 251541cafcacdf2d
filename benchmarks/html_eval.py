"""HTML extraction evaluation over trafilatura's 43 gold pages (title, date, author, text).

Reads ../shared/data/html-trafilatura/pages with the gold in `evaldata_subset.json`: per page
the snippets that must appear in the extracted text ("with") and must not ("without"), and
for 36 pages the title, publication date and author. Run: `python benchmarks/html_eval.py`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.article import Article  # noqa: E402
from indexer.readers.html import html_article  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "html-trafilatura"
METRICS = ("title", "date", "author", "with", "without")


def _norm(text: str) -> str:
    """Comparison form: NFKC, plain quotes and dashes, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("’‘“”–—\u00a0", "''\"\"-- "))
    return " ".join(text.casefold().split())


def _authors(value: str) -> set[str]:
    """A set of author names from a gold or extracted author string."""
    value = re.sub(r"\bfor the .*$|[.]", "", _norm(value))
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", value)
    return {p.strip() for p in parts if p.strip()}


def evaluate(data: Path = DATA) -> dict:
    """Per-metric (correct, total) counts and the failures, over every gold page."""
    gold = json.loads((data / "evaldata_subset.json").read_text(encoding="utf-8"))
    scores = {m: [0, 0] for m in METRICS}
    failures: list[str] = []
    for page in gold.values():
        item = html_article((data / "pages" / page["file"]).read_bytes(), page["file"])
        article = item if isinstance(item, Article) else Article(title="", body="")
        text = _norm(article.body)
        checks: list[tuple[str, bool, str]] = []
        for snippet in page["with"]:
            checks.append(("with", _norm(snippet) in text, snippet))
        for snippet in page["without"]:
            checks.append(("without", _norm(snippet) not in text, snippet))
        if "title" in page:
            checks.append(("title", _norm(page["title"]).rstrip() == _norm(article.title),
                           f"{page['title']!r} got {article.title!r}"))
        if "date" in page:
            got = article.published.date().isoformat() if article.published else None
            checks.append(("date", got == page["date"], f"{page['date']} got {got}"))
        if "author" in page:
            checks.append(("author", _authors(page["author"]) == _authors(
                ", ".join(article.authors)), f"{page['author']!r} got {article.authors}"))
        for metric, ok, detail in checks:
            scores[metric][0] += ok
            scores[metric][1] += 1
            if not ok:
                failures.append(f"{page['file']} {metric}: {detail}")
    return {"pages": len(gold), "scores": {m: tuple(v) for m, v in scores.items()},
            "failures": failures}


def run() -> dict:
    """The figures (a `benchmarks/run.py` section); SystemExit when the data is absent."""
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: the HTML gold pages live in ../shared/data")
    return evaluate()


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    labels = {"title": "title exact", "date": "publication date (day)",
              "author": "authors (as a set)", "with": "'with' snippets found",
              "without": "'without' snippets excluded"}
    lines = [f"## HTML extraction: {figures['pages']} gold news pages (trafilatura's test set)",
             "", "| measure | correct | total | accuracy |", "|---|---:|---:|---:|"]
    for metric in METRICS:
        ok, total = figures["scores"][metric]
        lines.append(f"| {labels[metric]} | {ok} | {total} | {ok / total:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    result = run()
    print(markdown(result))
    if "-v" in sys.argv:
        print("\n".join(["", *result["failures"]]))
