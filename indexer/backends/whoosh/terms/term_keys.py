"""Index-time analysis without a token stream: the same terms and positions, computed once
per distinct word.

Whoosh indexes a text field by running its analyzer as a chain of generators over one
mutable `Token` per word (tokenizer, apostrophes, lower case, stop words, stemming or
lemmas) and collecting each term's positions (`Positions.word_values`), a large part of the
time of a bulk load (figures: BENCHMARKS.md, design measurements). Every filter of the
newsdex analyzers is a function of the word alone, so here the chain runs once per distinct
word (cached), and a text becomes a regex scan plus dictionary look-ups. Positions follow
Whoosh's rules exactly (a `StopFilter` that renumbers counts only kept words, from the
first kept word's position), and the encoded postings are Whoosh's own
(`Positions.encode`): indexes written either way are identical
(`tests/indexer/backends/whoosh/terms/test_fast_terms.py`). Analyzers with any other part keep
Whoosh's path. The
segment writer (`segment_writer.NewsdexSegmentWriter`) indexes text fields through
`plan_for`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from whoosh import formats
from whoosh.analysis import (
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)

from indexer.backends.whoosh.analysis import (
    ApostropheFilter,
    MorphFilter,
    PossessiveFilter,
    YoFilter,
)
from indexer.backends.whoosh.terms import caches as word_caches

# Filters whose output depends on the token's text only (and on mode="index").
WORD_FILTERS = (ApostropheFilter, LowercaseFilter, PossessiveFilter, StopFilter, StemFilter,
                YoFilter, MorphFilter)
CACHE_WORDS = word_caches.LIMIT
MAX_PLANS = 64  # analyzers remembered (a long-lived process reopens its index many times)


class WordPlan:
    """One analyzer as a tokenizer regex plus a cached word -> terms function."""

    def __init__(self, analyzer: CompositeAnalyzer) -> None:
        """Take the analyzer apart (the caller checked `plan_for` accepts it)."""
        tokenizer, *self.filters = analyzer.items
        self.expression = tokenizer.expression
        self.renumber = any(isinstance(f, StopFilter) and f.renumber for f in self.filters)
        # Shared by every plan of an equal analyzer: a sub-writer opens the index anew, so
        # its analyzers are new objects, but it inherits (and hands back) what was learned.
        self.key = analyzer_key(analyzer)
        self.cache = word_caches.cache(self.key)

    def terms(self, word: str) -> tuple[str, ...]:
        """The terms the analyzer makes of one word (none for a stop word)."""
        found = self.cache.get(word)
        if found is None:
            token = Token(positions=True, removestops=True, mode="index", boosts=True)
            token.text, token.pos, token.boost, token.stopped = word, 0, 1.0, False
            stream = iter((token,))
            for item in self.filters:
                stream = item(stream)
            found = tuple(t.text for t in stream if not t.stopped)
            if len(self.cache) >= CACHE_WORDS:
                self.cache.clear()
            self.cache[word] = found
        return found

    def kept(self, text: str) -> Iterator[tuple[int, tuple[str, ...]]]:
        """Each kept word's position and terms, numbered as the analyzer's token stream
        numbers them (stop words left out)."""
        cache, terms, renumber = self.cache, self.terms, self.renumber
        kept = -1
        for index, match in enumerate(self.expression.finditer(text)):
            word = match.group(0)
            found = cache.get(word)
            if found is None:
                found = terms(word)
            if not found:
                continue
            # A renumbering StopFilter numbers kept words on from the first kept one.
            pos = index if not renumber or kept < 0 else kept + 1
            kept = pos
            yield pos, found

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each term of `text` with its positions, as the analyzer's token stream gives them."""
        poses: dict[str, list[int]] = defaultdict(list)
        for pos, found in self.kept(text):
            for term in found:
                poses[term].append(pos)
        return poses


_plans: dict[int, tuple[object, WordPlan | None]] = {}
_SIMPLE = (str, int, float, bool, frozenset, tuple, type(None))


def analyzer_key(analyzer: CompositeAnalyzer) -> str:
    """A text naming an analyzer's parts and settings: equal for equal analyzers."""
    parts = []
    for item in analyzer.items:
        settings = {k: (sorted(v) if isinstance(v, frozenset) else v)
                    for k, v in sorted(vars(item).items()) if isinstance(v, _SIMPLE)}
        expression = getattr(item, "expression", None)
        stem = getattr(item, "stemfn", None)
        parts.append((type(item).__qualname__, settings,
                      getattr(expression, "pattern", None), getattr(stem, "__qualname__", None)))
    return repr(parts)


def plan_for(analyzer) -> WordPlan | None:
    """The word plan of an analyzer made only of word-wise parts, else None."""
    known = _plans.get(id(analyzer))
    if known is not None and known[0] is analyzer:
        return known[1]
    plan = None
    items = getattr(analyzer, "items", None)
    if (isinstance(analyzer, CompositeAnalyzer) and items
            and type(items[0]) is RegexTokenizer and not items[0].gaps
            and all(type(f) in WORD_FILTERS for f in items[1:])):
        plan = WordPlan(analyzer)
    if len(_plans) >= MAX_PLANS:  # every opening of an index unpickles new analyzers
        _plans.clear()
    _plans[id(analyzer)] = (analyzer, plan)
    return plan


def plan_word_values(fmt: formats.Positions, plan: WordPlan, value: str):
    """`Positions.word_values(value, analyzer, mode="index")` of the analyzer whose word
    plan is `plan`: (term, frequency, weight, encoded positions) of each distinct term."""
    boost, encode = fmt.field_boost, fmt.encode
    for term, poslist in plan.positions(value).items():
        yield term, len(poslist), len(poslist) * boost, encode(poslist)
