"""Near-duplicate evaluation: BBC originals plus altered copies, collapsed by the writer.

Takes `originals` BBC articles (no two of them near-duplicates already: BBC repeats some
stories), makes `copies` altered re-publications of some of them (a new headline, the last
paragraph dropped, a boilerplate line added, a few words changed, or two of these at once),
indexes all of them in shuffled order (no entities), and scores the pairs the index groups
into one story against the pairs made. Run: `python benchmarks/dedup_eval.py`.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.article import Article  # noqa: E402
from indexer.backends.whoosh.writer import ArticleWriter, open_index  # noqa: E402
from indexer.duplicates import minhash as dedup  # noqa: E402
from indexer.readers.encoding import decode  # noqa: E402

BBC = ROOT.parent / "shared" / "data" / "bbc"
BOILERPLATE = ["Follow us on Twitter and Facebook for the latest updates.",
               "This story was first published by a partner news agency.",
               "Sign up for our daily newsletter to get the top stories."]
ALTERATIONS = ("headline", "drop-last", "boilerplate", "words", "headline+drop-last")


def _originals(count: int, rng: random.Random) -> list[Article]:
    """BBC articles in a random order, leaving out ones near an already chosen one."""
    files = sorted(BBC.rglob("*.txt"))
    rng.shuffle(files)
    chosen: list[Article] = []
    signatures = []
    for path in files:
        title, _, body = decode(path.read_bytes(), str(path)).strip().partition("\n")
        sig = dedup.signature(body)
        if sig is None or any(dedup.similarity(sig, s) >= 0.3 for s in signatures):
            continue
        chosen.append(Article(title=title.strip(), body=body.strip(), source="BBC",
                              url=f"https://bbc.example/{path.parent.name}/{path.stem}"))
        signatures.append(sig)
        if len(chosen) == count:
            break
    return chosen


def _alter(article: Article, kind: str, number: int, rng: random.Random) -> Article:
    """A re-published copy of an article with one kind of alteration."""
    title, paragraphs = article.title, [p for p in article.body.split("\n") if p.strip()]
    if "headline" in kind:
        title = f"{rng.choice(['Update', 'Report', 'Analysis'])}: {title.lower()} - syndicated"
    if "drop-last" in kind and len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    if "boilerplate" in kind:
        paragraphs.append(rng.choice(BOILERPLATE))
    if "words" in kind:
        words = "\n".join(paragraphs).split(" ")
        for i in rng.sample(range(len(words)), min(5, len(words))):
            words[i] = rng.choice(["reportedly", "officials", "said", "new", "major"])
        paragraphs = " ".join(words).split("\n")
    return Article(title=title, body="\n".join(paragraphs), source=f"Syndicate {number % 7}",
                   url=f"https://syndicate{number % 7}.example/story/{number}")


def evaluate(originals: int = 300, copies: int = 150, seed: int = 7) -> dict:
    """Precision and recall of the story pairs found, with timings."""
    rng = random.Random(seed)
    base = _originals(originals, rng)
    made = []
    for number, original in enumerate(rng.sample(base, copies)):
        copy = _alter(original, ALTERATIONS[number % len(ALTERATIONS)], number, rng)
        made.append((original.id, copy))
    gold = {frozenset((oid, copy.id)) for oid, copy in made}
    articles = base + [copy for _oid, copy in made]
    rng.shuffle(articles)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with ArticleWriter(Path(tmp) / "index", commit_every=100) as writer:
            for article in articles:
                writer.write(article)
        seconds = time.perf_counter() - started
        with open_index(Path(tmp) / "index").searcher() as searcher:
            stories: dict[str, list[str]] = {}
            for stored in searcher.all_stored_fields():
                stories.setdefault(stored.get("dup_of") or stored["id"], []).append(stored["id"])
    found = {frozenset(pair) for ids in stories.values() for pair in combinations(ids, 2)}
    right = len(found & gold)
    return {"originals": len(base), "copies": copies, "articles": len(articles),
            "pairs": len(gold), "found": len(found), "right": right,
            "precision": right / len(found) if found else 1.0, "recall": right / len(gold),
            "seconds": seconds, "per_article_ms": seconds / len(articles) * 1000,
            "missed": sorted(tuple(sorted(p)) for p in gold - found)[:10]}


def run() -> dict:
    """The figures (a `benchmarks/run.py` section); SystemExit when the data is absent."""
    if not BBC.exists():
        raise SystemExit(f"{BBC} is absent: the BBC corpus lives in ../shared/data")
    return evaluate()


def markdown(figures: dict) -> str:
    """The figures as a BENCHMARKS.md section."""
    return "\n".join([
        f"## Near-duplicates: {figures['originals']} BBC articles + {figures['copies']} "
        "altered copies", "",
        "Copies: new headline, last paragraph dropped, boilerplate line added, 5 words "
        f"changed, or headline + dropped paragraph. MinHash ({dedup.NUM_PERM} values, word "
        f"{dedup.SHINGLE}-shingles), LSH {dedup.BANDS} bands x {dedup.ROWS} rows plus a "
        f"key of the first {dedup.LEAD_WORDS} words; confirmed at estimated Jaccard >= "
        f"{dedup.THRESHOLD}, or containment >= {dedup.CONTAINED} with Jaccard >= "
        f"{dedup.FLOOR} (a copy cut short).", "",
        "| pairs made | pairs found | right | precision | recall | indexing ms/article |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {figures['pairs']} | {figures['found']} | {figures['right']} | "
        f"{figures['precision']:.3f} | {figures['recall']:.3f} | "
        f"{figures['per_article_ms']:.1f} |"])


if __name__ == "__main__":
    result = run()
    print(markdown(result))
    if result["missed"]:
        print("\nmissed (first 10):", *result["missed"], sep="\n")
