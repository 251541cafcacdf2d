"""Ranking is checked against a plain BM25 baseline on the Cranfield judged collection."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, shared

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.mark.slow
def test_default_ranking_at_least_matches_bm25_on_cranfield():
    shared("cranfield")
    import cranfield

    figures = cranfield.run()
    ours = figures["newsdex"]
    base = figures["BM25 baseline (rank-bm25 Okapi, same tokens)"]
    assert ours["queries"] == base["queries"] == 225
    for metric in ("MAP", "nDCG@10", "P@10"):
        assert ours[metric] >= base[metric], (metric, ours, base)
