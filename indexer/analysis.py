"""Text analyzers per language, used by the schema at index time and by the query parser.

English: possessives dropped, stop words, Porter stemming. Russian: ё folded to е, stop
words, Snowball stemming. Ukrainian: apostrophe variants unified, lower-cased (no stemmer
ships with Whoosh for Ukrainian). Every analyzer keeps apostrophes inside words, so that
Куп'янськ stays one token.
"""

from __future__ import annotations

import re

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language

LANGUAGES = ("en", "uk", "ru")
APOSTROPHES = re.compile("[\u2019\u02bc\u0060\u2032\u00b4\u2018]")
# Words with apostrophes or dots inside (Куп'янськ, U.S.), hyphenated parts split.
TOKEN_PATTERN = r"\w+(?:['\u2019\u02bc]\w+)*(?:\.\w+)*"


def normalize_apostrophes(text: str) -> str:
    """Replace typographic apostrophes (’ ʼ ` ′ ´ ‘) with the ASCII one."""
    return APOSTROPHES.sub("'", text)


class ApostropheFilter(Filter):
    """Unifies apostrophe variants inside tokens."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = normalize_apostrophes(t.text)
            yield t


class PossessiveFilter(Filter):
    """Drops the English possessive ending: Russia's -> Russia."""

    def __call__(self, tokens):
        for t in tokens:
            if t.text.endswith("'s") or t.text.endswith("s'"):
                t.text = t.text[:-2] if t.text.endswith("'s") else t.text[:-1]
            yield t


class YoFilter(Filter):
    """Folds Russian ё to е, as readers type it."""

    def __call__(self, tokens):
        for t in tokens:
            if "ё" in t.text:
                t.text = t.text.replace("ё", "е")
            yield t


def _tokenizer() -> RegexTokenizer:
    return RegexTokenizer(TOKEN_PATTERN)


def analyzer_for(language: str):
    """The analyzer for one language code ("en", "uk", "ru"; anything else gets a plain one)."""
    base = _tokenizer() | ApostropheFilter() | LowercaseFilter()
    if language == "en":
        stops = frozenset(stopwords_for_language("en"))
        return base | PossessiveFilter() | StopFilter(stoplist=stops) | StemFilter(
            lang="en", cachesize=50000
        )
    if language == "ru":
        stops = frozenset(w.replace("ё", "е") for w in stopwords_for_language("ru"))
        return base | YoFilter() | StopFilter(stoplist=stops, minsize=1) | StemFilter(
            lang="ru", cachesize=50000
        )
    return base
