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

from indexer.backends.whoosh.terms.term_keys import plan_for

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяъыэё'"
LANGUAGES_OF = {"latin": ("en", "xx"), "cyrillic": ("uk", "ru", "xx")}
MIN_LENGTH = 4  # shorter words have too many neighbours to guess from
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

    def correct(self, word: str) -> str | None:
        """The most frequent indexed word one edit from an unknown `word`, if any."""
        lower = word.lower()
        script = _script(lower)
        if script is None or len(lower) < MIN_LENGTH or self.frequency(lower, script) != 0:
            return None
        letters = LATIN if script == "latin" else CYRILLIC
        best, best_count = None, 0
        for candidate in sorted(neighbours(lower, letters)):
            count = self.frequency(candidate, script) or 0
            if count > best_count:
                best, best_count = candidate, count
        if best is None:
            return None
        return best[:1].upper() + best[1:] if word[:1].isupper() else best


def suggest(reader, schema, text: str) -> str | None:
    """The query text with each unknown word corrected, or None when nothing changed."""
    speller = Speller(reader, schema)
    changed, out = False, []
    for token in text.split():
        match = _TOKEN.match(token)
        if not match or ":" in token or token in _OPERATORS:
            out.append(token)
            continue
        head, word, tail = match.groups()
        fixed = speller.correct(word)
        changed |= fixed is not None
        out.append(head + (fixed or word) + tail)
    return " ".join(out) if changed else None
