"""Did you mean: for a query that found nothing, each unknown word's most frequent indexed
neighbour one edit away (a letter deleted, inserted, replaced, or two swapped).

Whoosh's `correct_query` compares every word with the whole vocabulary of every text field:
5 seconds for one misspelt word over 100,000 articles (benchmarks/scale.py). Here the
candidates are generated instead (a few hundred for a word) and looked up in the index,
each analyzed as the index analyzed it (stems in English, lemmas in Ukrainian and
Russian), in the fields of the languages its alphabet is written in.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.backends.whoosh.terms.term_keys import plan_for

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяъыэё'"
LANGUAGES_OF = {"latin": ("en", "xx"), "cyrillic": ("uk", "ru", "xx")}
MIN_LENGTH = 4  # shorter words have too many neighbours to guess from
RARE = 5  # an indexed word in fewer articles may be a typo the index holds
PREFER = 10  # how many times as frequent a farther (or known) word must be to be offered
_TOKEN = re.compile(r"^([^\w']*)([\w']+)([^\w']*)$")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _script(word: str) -> str | None:
    if all(c in LATIN for c in word):
        return "latin"
    if all(c in CYRILLIC for c in word):
        return "cyrillic"
    return None


def neighbours(word: str, letters: str) -> set[str]:
    """Every string one edit away from `word` over the alphabet `letters`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    found.discard(word)
    return found


class Speller:
    """Looks words up in one searcher's index, as the index analyzed them."""

    def __init__(self, reader, schema) -> None:
        """Over `reader` (the searcher's reader) and the index's `schema`."""
        self.reader = reader
        self.fields = {script: [(name, plan_for(schema[name].analyzer))
                                for lang in langs for name in (f"title_{lang}", f"body_{lang}")
                                if name in schema]
                       for script, langs in LANGUAGES_OF.items()}

    def frequency(self, word: str, script: str) -> int | None:
        """Documents holding the word's terms (summed over fields); None for a stop word."""
        total, analyzed = 0, False
        for fieldname, plan in self.fields[script]:
            if plan is None:
                continue
            for term in plan.terms(word):
                analyzed = True
                if (fieldname, term) in self.reader:
                    total += self.reader.doc_frequency(fieldname, term)
        return total if analyzed else None

    def _best(self, words, script: str, skip: set[str]) -> tuple[str | None, int]:
        """The most frequent of `words`; of several that analyze alike (governent and
        government: one stem), one that an article holding the stem spells so."""
        counts = {c: self.frequency(c, script) or 0 for c in sorted(words - skip)}
        top = max(counts.values(), default=0)
        if not top:
            return None, 0
        tied = [c for c, n in counts.items() if n == top]
        if len(tied) > 1:
            tied = [c for c in tied if self._written(c, script)] or tied
        return tied[0], top

    def _written(self, word: str, script: str) -> bool:
        """Whether the first article holding `word`'s terms has `word` as written."""
        for fieldname, plan in self.fields[script]:
            for term in plan.terms(word) if plan else ():
                if (fieldname, term) in self.reader:
                    # A term may outlive its articles (all deleted, not yet merged away).
                    docnum = next((d for d in self.reader.postings(fieldname, term).all_ids()
                                   if not self.reader.is_deleted(d)), None)
                    if docnum is None:
                        continue
                    stored = self.reader.stored_fields(docnum)
                    text = f"{stored.get('title', '')} {stored.get('body', '')}".lower()
                    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
        return False

    def correct(self, word: str, known: bool = False) -> str | None:
        """The indexed word to offer for `word`: the most frequent one edit away; or two
        edits away through an indexed word, when that is `PREFER` times as frequent (a
        typo the index holds, goverment, is not offered over government). An unknown word
        only, unless `known`: then a rare indexed word gets a neighbour `PREFER` times as
        frequent as itself (goverment -> government)."""
        lower = word.lower()
        script = _script(lower)
        if script is None or len(lower) < MIN_LENGTH:
            return None
        own = self.frequency(lower, script)
        if own is None or (own and not known) or (known and not own):
            return None
        letters = LATIN if script == "latin" else CYRILLIC
        first = neighbours(lower, letters)
        best, best_count = self._best(first, script, set())
        if best is not None and best_count < RARE:  # a rare word: maybe a typo itself
            second = neighbours(best, letters) - {lower}
            far, far_count = self._best(second, script, first)
            if far is not None and far_count >= PREFER * best_count:
                best, best_count = far, far_count
        if best is None or best_count < PREFER * own:
            return None
        return best[:1].upper() + best[1:] if word[:1].isupper() else best


def _corrected(speller: Speller, text: str, known: bool) -> str | None:
    changed, out = False, []
    for token in text.split():
        match = _TOKEN.match(token)
        if not match or ":" in token or token in _OPERATORS:
            out.append(token)
            continue
        head, word, tail = match.groups()
        fixed = speller.correct(word) or (speller.correct(word, known=True) if known else None)
        changed |= fixed is not None
        out.append(head + (fixed or word) + tail)
    return " ".join(out) if changed else None


def suggest(reader, schema, text: str,
            has_hits: Callable[[str], bool] = lambda _text: True) -> str | None:
    """The query text with each unknown word corrected, or None when nothing changed or
    the corrected query finds nothing (`has_hits`). When correcting the unknown words is
    not enough, rare indexed words get their frequent neighbours too (goverment budjet ->
    government budget)."""
    speller = Speller(reader, schema)
    for known in (False, True):
        fixed = _corrected(speller, text, known)
        if fixed is not None and has_hits(fixed):
            return fixed
    return None
