"""Ranking: BM25F over the per-language title and body fields.

The parameters are tuned on the Cranfield judged collection (`benchmarks/cranfield.py`
measures MAP, nDCG@10 and P@10 against a plain BM25 baseline in the same run); the title
weight itself is the schema's field boost. `RECENCY_HALF_LIFE_DAYS` drives the optional
"newest relevant first" blend.
"""

from __future__ import annotations

from whoosh import scoring

B = 0.75
K1 = 1.2
RECENCY_HALF_LIFE_DAYS = 30.0


def weighting(b: float = B, k1: float = K1) -> scoring.WeightingModel:
    """The BM25F weighting model every searcher uses."""
    return scoring.BM25F(B=b, K1=k1)


def recency_factor(age_days, half_life: float = RECENCY_HALF_LIFE_DAYS):
    """Multiplier in (0, 1] that halves the score every `half_life` days of age."""
    return 0.5 ** (age_days / half_life)
