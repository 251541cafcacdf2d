"""Text analyzers per language, used by the schema at index time and by the query parser.

English: possessives dropped, stop words, Porter stemming. Ukrainian and Russian: every
word is replaced by its dictionary lemmas (pymorphy3), all of them at the same position,
because the first parse is often wrong for names (Харкові -> харко | харків). A query word
matches a document word when their lemma sets meet, so Харків finds Харкові and Купянск
finds Купянском, while й/и, ї/і and ґ/г stay distinct. Russian ё is folded to е. Indexed
regional names ending in -щина also yield their city (Харківщині -> харківщина | харків). Every
analyzer keeps apostrophes inside words (Куп'янськ is one token).
"""

from __future__ import annotations

import re
from functools import lru_cache

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


UK_STOPWORDS = frozenset({
    "і", "й", "та", "а", "але", "в", "у", "на", "з", "із", "зі", "до", "що", "не", "це", "як",
    "за", "від", "по", "для", "про", "при", "над", "під", "же", "чи", "би", "б", "його", "її",
    "їх", "він", "вона", "воно", "вони", "ми", "ви", "я", "ти", "вже", "ще", "так", "також",
    "які", "який", "яка", "яке", "тому", "бо", "якщо", "коли", "де", "там", "тут", "то", "цей",
    "ця", "ці", "цього", "цієї", "був", "була", "було", "були", "є", "буде",
})
MAX_LEMMAS = 3
_LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=2)
def _morph(language: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@lru_cache(maxsize=500_000)
def lemmas(word: str, language: str) -> tuple[str, ...]:
    """Distinct dictionary lemmas of a lower-case word, most likely first (at most 3)."""
    try:
        parses = _morph(language).parse(word)
    except ValueError:  # pymorphy3 looks up Unicode names, which some letters lack (𗀀)
        return (word,)
    if not parses:
        return (word,)
    top = parses[0].score
    found: list[str] = []
    for parse in parses:
        if parse.score < top * 0.05:
            continue
        lemma = parse.normal_form.replace("ё", "е") if language == "ru" else parse.normal_form
        if lemma not in found:
            found.append(lemma)
        if len(found) == MAX_LEMMAS:
            break
    return tuple(found)


@lru_cache(maxsize=50_000)
def region_city(lemma: str) -> str | None:
    """The city a Ukrainian region name is formed from: харківщина -> харків."""
    if lemma.endswith("щина") and len(lemma) > 7:
        city = lemma[:-4]
        if _morph("uk").word_is_known(city):
            return city
    return None


class MorphFilter(Filter):
    """Replaces each word with all its lemmas at the same position (uk or ru)."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, tokens):
        language = self.language
        for t in tokens:
            word = t.text
            if (not word.isalpha() and "'" not in word) or _LATIN_WORD.fullmatch(word):
                yield t  # pymorphy3 keeps a Latin word as it is: not worth loading it for
                continue
            found = lemmas(word, language)
            for lemma in found:
                t.text = lemma
                yield t
            # At index time a region also counts as its city (Харківщині is found by
            # Харків); a query for the region does not widen to the city.
            if language == "uk" and t.mode == "index":
                city = region_city(found[0])
                if city and city not in found:
                    t.text = city
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
        return base | YoFilter() | StopFilter(stoplist=stops, minsize=1) | MorphFilter("ru")
    if language == "uk":
        return base | StopFilter(stoplist=UK_STOPWORDS, minsize=1) | MorphFilter("uk")
    return base
