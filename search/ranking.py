"""Ranking: BM25F over the per-language title and body fields.

The parameters are tuned on the Cranfield judged collection (`benchmarks/cranfield.py`
measures MAP, nDCG@10 and P@10 against a plain BM25 baseline in the same run); the title
weight itself is the schema's field boost. `RECENCY_HALF_LIFE_DAYS` drives the optional
"newest relevant first" blend.
"""

from __future__ import annotations

from math import log

from whoosh import scoring

B = 0.75
K1 = 1.2
RECENCY_HALF_LIFE_DAYS = 30.0


class NewsBM25F(scoring.BM25F):
    """BM25F with the Robertson-Sparck Jones idf that Lucene uses.

    Whoosh's default idf, log(N / (df + 1)) + 1, keeps words in most documents weighty;
    this one lets them fade: log(1 + (N - df + 0.5) / (df + 0.5)).
    """

    def idf(self, searcher, fieldname, text):
        """Inverse document frequency of a term over the live documents."""
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count()
        return log(1 + (n - df + 0.5) / (df + 0.5))


def weighting(b: float = B, k1: float = K1) -> scoring.WeightingModel:
    """The BM25F weighting model every searcher uses."""
    return NewsBM25F(B=b, K1=k1)


def recency_factor(age_days, half_life: float = RECENCY_HALF_LIFE_DAYS):
    """Multiplier in (0, 1] that halves the score every `half_life` days of age."""
    return 0.5 ** (age_days / half_life)
