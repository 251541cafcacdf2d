"""Ranking: BM25F over the per-language title and body fields.

The parameters are tuned on the Cranfield judged collection (`benchmarks/cranfield.py`
measures MAP, nDCG@10 and P@10 against a plain BM25 baseline in the same run).
`RECENCY_HALF_LIFE_DAYS` drives the optional "relevant and recent" blend.
"""

from __future__ import annotations

from math import log

from whoosh import scoring

B = 0.75
K1 = 2.0
# Query-time weight of the title fields, on top of the schema's index-time boost of 2
# (which saturates with term frequency). Measured on Cranfield, MAP by title weight:
# 1.0 -> 0.3087, 0.75 -> 0.3145, 0.5 -> 0.3206 (BM25 baseline 0.3098).
TITLE_QUERY_WEIGHT = 0.5
RECENCY_HALF_LIFE_DAYS = 30.0


class NewsBM25F(scoring.BM25F):
    """BM25F with the Robertson-Sparck Jones idf that Lucene uses.

    Whoosh's default idf, log(N / (df + 1)) + 1, keeps words in most documents weighty;
    this one lets them fade: log(1 + (N - df + 0.5) / (df + 0.5)). Whoosh's df still counts
    deleted documents, so it is capped at N: the idf stays positive, as a match's score must
    (`search.backends.whoosh.bm25f` reads a score of 0 as "no match").
    """

    def idf(self, searcher, fieldname, text):
        """Inverse document frequency of a term over the live documents."""
        parent = searcher.get_parent()
        n = parent.doc_count()
        df = min(parent.doc_frequency(fieldname, text), n)
        return log(1 + (n - df + 0.5) / (df + 0.5))


def weighting(b: float = B, k1: float = K1) -> scoring.WeightingModel:
    """The BM25F weighting model every searcher uses."""
    return NewsBM25F(B=b, K1=k1)


def recency_factor(age_days, half_life: float = RECENCY_HALF_LIFE_DAYS):
    """Multiplier in (0, 1] that halves the score every `half_life` days of age."""
    return 0.5 ** (age_days / half_life)
