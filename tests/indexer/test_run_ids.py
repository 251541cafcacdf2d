"""One id read twice in one run with different texts: the first wins, re-runs change nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.article import Article
from indexer.backends.whoosh.writer import open_index
from indexer.pipeline import index_articles

URLS = [f"https://wire.example/{n}" for n in range(4)]
TEXTS = ["Grain ships left the port in a convoy on Wednesday morning.",
         "The bridge over the river reopened to traffic after repairs.",
         "Officials said the road works would continue through the week.",
         "Grain ships left the port in a convoy on Wednesday morning. Updated."]


def _articles(picks: list[tuple[int, int]]) -> list[Article]:
    return [Article(title=f"Story {url}", body=TEXTS[text], url=URLS[url], language="en",
                    origin=f"feed{n}.xml#entry1")
            for n, (url, text) in enumerate(picks)]


def _stored(index_dir: Path) -> dict[str, str]:
    with open_index(index_dir).searcher() as searcher:
        return {d["id"]: d["body"] for d in searcher.all_stored_fields()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=8))
def test_first_text_of_an_id_wins_and_a_rerun_changes_nothing(picks):
    index_dir = Path(tempfile.mkdtemp()) / "index"
    try:
        articles = _articles(picks)
        first = index_articles(articles, index_dir, entities=False, near_duplicates=False)
        # Oracle: the first text each id had in the input, and one skip per later other text.
        expected: dict[str, str] = {}
        conflicts = 0
        for article in articles:
            kept = expected.setdefault(article.id, article.body)
            conflicts += kept != article.body
        assert len(first.skipped) == conflicts
        assert all("read earlier in this run" in s.reason for s in first.skipped)
        stored = _stored(index_dir)
        assert {i: b for i, b in stored.items() if i in expected} == expected
        again = index_articles(_articles(picks), index_dir, entities=False,
                               near_duplicates=False)
        assert (again.added, again.replaced) == (0, 0), again
        assert _stored(index_dir) == stored
    finally:
        shutil.rmtree(index_dir.parent)
