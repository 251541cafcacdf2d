"""Scoring for the entity benchmark: span-exact and overlap P/R/F1 per type, facet scores."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

TYPES = ("person", "place", "org")
Span = tuple[int, int, str]


@dataclass
class Counts:
    """Per-type counts for span-exact and overlap matching."""

    gold: Counter = field(default_factory=Counter)
    pred: Counter = field(default_factory=Counter)
    exact: Counter = field(default_factory=Counter)
    pred_hit: Counter = field(default_factory=Counter)  # predictions overlapping a same-type gold
    gold_hit: Counter = field(default_factory=Counter)  # golds overlapped by a same-type pred

    def add(self, gold: list[Span], pred: list[Span]) -> None:
        """Count one document."""
        gold_set, pred_set = set(gold), set(pred)
        for s, e, t in gold_set:
            self.gold[t] += 1
            if (s, e, t) in pred_set:
                self.exact[t] += 1
            if any(t == pt and ps < e and s < pe for ps, pe, pt in pred_set):
                self.gold_hit[t] += 1
        for s, e, t in pred_set:
            self.pred[t] += 1
            if any(t == gt and gs < e and s < ge for gs, ge, gt in gold_set):
                self.pred_hit[t] += 1

    def table(self) -> dict[str, dict[str, float]]:
        """{type: {n_gold, n_pred, p, r, f1, op, or, of1}} with an 'all' micro row."""
        out = {}
        for t in (*TYPES, "all"):
            keys = TYPES if t == "all" else (t,)
            g, p = (sum(c[k] for k in keys) for c in (self.gold, self.pred))
            ex, ph, gh = (sum(c[k] for k in keys)
                          for c in (self.exact, self.pred_hit, self.gold_hit))
            prec, rec = _div(ex, p), _div(ex, g)
            oprec, orec = _div(ph, p), _div(gh, g)
            out[t] = {"gold": g, "pred": p, "p": prec, "r": rec, "f1": _f1(prec, rec),
                      "op": oprec, "or": orec, "of1": _f1(oprec, orec)}
        return out


@dataclass
class FacetCounts:
    """Reuters country facet: tagged vs found country sets per story."""

    stories: int = 0
    tagged: int = 0
    found: int = 0
    hit: int = 0
    misses: Counter = field(default_factory=Counter)
    extras: Counter = field(default_factory=Counter)

    def add(self, tagged: set[str], found: set[str]) -> None:
        """Count one story."""
        self.stories += 1
        self.tagged += len(tagged)
        self.found += len(found)
        self.hit += len(tagged & found)
        self.misses.update(tagged - found)
        self.extras.update(found - tagged)

    def table(self) -> dict:
        """Micro precision/recall over (story, country) pairs."""
        p, r = _div(self.hit, self.found), _div(self.hit, self.tagged)
        return {"stories": self.stories, "tagged": self.tagged, "found": self.found,
                "p": p, "r": r, "f1": _f1(p, r),
                "top_misses": self.misses.most_common(8), "top_extras": self.extras.most_common(8)}


def _div(a: float, b: float) -> float:
    """a / b, 0 when b is 0."""
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    """Harmonic mean."""
    return 2 * p * r / (p + r) if p + r else 0.0
