"""Relevance on the Cranfield collection: newsdex's ranking next to a plain BM25 baseline.

Indexes the 1,400 Cranfield abstracts (title + text) into a temporary newsdex index and
runs the 225 judged queries through `SearchEngine` (words matched with OR, as the queries
are sentences), and through `rank_bm25.BM25Okapi` over the very same analyzed tokens. Reports
MAP (over the top 100), nDCG@10 (graded: gain 5 - code for codes 1-4) and P@10.
Run: `python benchmarks/cranfield.py [--grid]` (--grid also tries BM25F parameters).
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.article import Article  # noqa: E402
from indexer.backends.whoosh.analysis import analyzer_for  # noqa: E402
from indexer.pipeline import index_articles  # noqa: E402
from search.backends.whoosh import ranking  # noqa: E402
from search.backends.whoosh.engine import SearchEngine, SearchRequest  # noqa: E402

CRANFIELD = ROOT.parent / "shared" / "data" / "cranfield"
DEPTH = 100


def _records(path: Path) -> list[dict[str, str]]:
    """Records of a SMART-format file: {'I': id, 'T': title, 'W': text, ...}."""
    records, current, key = [], None, None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        marker = re.match(r"^\.([A-Z])\b\s*(.*)$", line)
        if marker:
            key, rest = marker.groups()
            if key == "I":
                current = {"I": rest.strip()}
                records.append(current)
                continue
            current[key] = ""
            continue
        if current is not None and key:
            current[key] = (current[key] + " " + line).strip()
    return records


def load() -> tuple[list[dict], list[str], dict[int, dict[str, int]]]:
    """Documents, query texts (by ordinal 1..225) and graded judgements."""
    if not CRANFIELD.exists():
        raise SystemExit(f"{CRANFIELD} is absent: the Cranfield collection lives in ../shared/data")
    docs = _records(CRANFIELD / "cran.all.1400")
    queries = [q.get("W", "") for q in _records(CRANFIELD / "cran.qry")]
    qrels: dict[int, dict[str, int]] = {}
    for line in (CRANFIELD / "cranqrel").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3:
            code = int(parts[2])
            if 1 <= code <= 4:
                qrels.setdefault(int(parts[0]), {})[parts[1]] = code
    return docs, queries, qrels


def metrics(ranked: list[str], judged: dict[str, int]) -> tuple[float, float, float]:
    """Average precision (top DEPTH), nDCG@10 and P@10 of one ranking."""
    hits, precision_sum = 0, 0.0
    for i, doc in enumerate(ranked[:DEPTH], start=1):
        if doc in judged:
            hits += 1
            precision_sum += hits / i
    ap = precision_sum / len(judged) if judged else 0.0
    gains = [5 - judged[d] if d in judged else 0 for d in ranked[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((5 - c for c in judged.values()), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    ndcg = dcg / idcg if idcg else 0.0
    p10 = sum(1 for d in ranked[:10] if d in judged) / 10
    return ap, ndcg, p10


def _query_text(text: str) -> str:
    """A Cranfield query as words only (its punctuation is not query syntax)."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def evaluate(rank, queries: list[str], qrels) -> dict[str, float]:
    """Mean metrics of `rank(query) -> [doc ids]` over every judged query."""
    scores = [metrics(rank(q), qrels.get(n, {})) for n, q in enumerate(queries, start=1)
              if qrels.get(n)]
    ap, ndcg, p10 = (float(np.mean(col)) for col in zip(*scores, strict=True))
    return {"MAP": ap, "nDCG@10": ndcg, "P@10": p10, "queries": len(scores)}


def run(grid: bool = False) -> dict:
    """Evaluate newsdex (and optionally a BM25F grid) and the BM25 baseline."""
    from rank_bm25 import BM25Okapi

    docs, queries, qrels = load()
    analyzer = analyzer_for("en")
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        articles = [Article(title=d.get("T", ""), body=d.get("W", ""), language="en",
                            url=f"cranfield:{d['I'].strip()}") for d in docs]
        index_articles(articles, Path(tmp) / "ix", entities=False)
        engine = SearchEngine(Path(tmp) / "ix")

        def newsdex(query: str) -> list[str]:
            result = engine.search(SearchRequest(query=_query_text(query), match="any",
                                                 per_page=DEPTH, facets=(), histogram=False))
            return [h.id.split(":", 1)[1] for h in result.hits]

        figures["newsdex"] = evaluate(newsdex, queries, qrels)
        if grid:
            for b in (0.3, 0.5, 0.75, 0.9):
                for k1 in (0.9, 1.2, 1.6, 2.0):
                    engine.state().searcher = engine.ix.searcher(
                        weighting=ranking.weighting(b, k1))
                    figures[f"BM25F B={b} K1={k1}"] = evaluate(newsdex, queries, qrels)
        engine.close()
    corpus = [[t.text for t in analyzer(f"{d.get('T', '')} {d.get('W', '')}")] for d in docs]
    ids = [d["I"].strip() for d in docs]
    bm25 = BM25Okapi(corpus)

    def baseline(query: str) -> list[str]:
        scores = bm25.get_scores([t.text for t in analyzer(_query_text(query))])
        top = np.argsort(-scores, kind="stable")[:DEPTH]
        return [ids[i] for i in top if scores[i] > 0]

    figures["BM25 baseline (rank-bm25 Okapi, same tokens)"] = evaluate(baseline, queries, qrels)
    return figures


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    lines = ["## Relevance: Cranfield (1,400 abstracts, 225 judged queries)", "",
             "newsdex's default ranking (BM25F with Lucene's idf, B=0.75, K1=2.0, titles "
             "boosted 2x at index time and weighted 0.5 at query time; the query's words "
             "OR-ed, as the queries are sentences) next to a plain BM25 baseline over the same "
             f"analyzed tokens, in one run. MAP over the top {DEPTH}; nDCG@10 with graded "
             "gains 4..1 for relevance codes 1..4; P@10 counts codes 1-4 as relevant.", "",
             "| ranking | MAP | nDCG@10 | P@10 |", "|---|---:|---:|---:|"]
    for name, f in figures.items():
        lines.append(f"| {name} | {f['MAP']:.4f} | {f['nDCG@10']:.4f} | {f['P@10']:.4f} |")
    base = figures["BM25 baseline (rank-bm25 Okapi, same tokens)"]
    ours = figures["newsdex"]
    lines += ["", f"Ratio newsdex / baseline: MAP {ours['MAP'] / base['MAP']:.3f}, "
              f"nDCG@10 {ours['nDCG@10'] / base['nDCG@10']:.3f}, "
              f"P@10 {ours['P@10'] / base['P@10']:.3f}."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run(grid="--grid" in sys.argv)))
