"""pymorphy3 analyzers (uk, ru), loaded once per process, with cached parses."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_ANALYZERS: dict[str, Any] = {}


def analyzer(language: str) -> Any:
    """The pymorphy3 analyzer for uk or ru (anything else: ru)."""
    lang = "uk" if language == "uk" else "ru"
    if lang not in _ANALYZERS:
        import pymorphy3

        _ANALYZERS[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return _ANALYZERS[lang]


@lru_cache(maxsize=200_000)
def parses(word: str, language: str) -> tuple[Any, ...]:
    """All pymorphy3 parses of a word (cached)."""
    return tuple(analyzer(language).parse(word))


@lru_cache(maxsize=200_000)
def lemmas(word: str, language: str) -> tuple[str, ...]:
    """Distinct normal forms of a word over all its parses, the word itself first."""
    out = [word.lower()]
    for p in parses(word, language):
        if p.normal_form not in out:
            out.append(p.normal_form)
    return tuple(out)


@lru_cache(maxsize=200_000)
def noun_lemmas(word: str, language: str) -> tuple[str, ...]:
    """The word and normal forms of its noun parses (place names are nouns)."""
    out = [word.lower()]
    for p in parses(word, language):
        if p.tag.POS in _FUNCTION_POS:
            return ()
        if p.tag.POS == "NOUN" and p.normal_form not in out:
            out.append(p.normal_form)
    return tuple(out)


@lru_cache(maxsize=200_000)
def is_known(word: str, language: str) -> bool:
    """True when the dictionary knows the word."""
    return bool(analyzer(language).word_is_known(word.lower()))


_NAME_TAGS = ("Name", "Surn", "Patr")
_OBLIQUE = ("ом", "ою", "ові", "ого", "ому", "ем", "ім", "им", "ей", "ой", "а", "у", "і")
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "PRED", "NUMR"}


@lru_cache(maxsize=200_000)
def name_kinds(word: str, language: str) -> frozenset[str]:
    """Which of Name/Surn/Patr readings the word has (ignoring one-letter and function words)."""
    if len(word) < 2 or word.isupper():
        return frozenset()
    found: set[str] = set()
    for p in parses(word, language):
        if p.tag.POS in _FUNCTION_POS:
            return frozenset()
        found.update(t for t in _NAME_TAGS if t in p.tag)
    return frozenset(found)


@lru_cache(maxsize=200_000)
def name_lemma(word: str, language: str, kind: str) -> str:
    """Nominative of a name token read as kind (Name/Surn/Patr), keeping feminine surnames."""
    best = None
    for p in parses(word, language):
        if kind in p.tag:
            best = p
            break
    if best is None and kind == "Surn":
        for p in parses(word, language):
            if p.tag.POS == "ADJF" and p.normal_form.endswith(("ський", "ский", "цький", "цкий")):
                return p.normal_form
    if best is None and kind == "Surn":
        nouns = [p for p in parses(word, language) if p.tag.POS == "NOUN"]
        if word.lower().endswith(_OBLIQUE):
            nouns.sort(key=lambda p: (p.tag.case in ("nomn", "accs"), "plur" in p.tag,
                                      "femn" in p.tag))
        if nouns:
            return nouns[0].normal_form
    if best is None:
        return strip_oblique(word, language) if not is_known(word, language) else word.lower()
    if "femn" in best.tag and kind == "Surn":
        infl = best.inflect({"nomn", "sing"}) if language == "ru" else best.inflect({"nomn"})
        if infl is not None:
            return infl.word
    return best.normal_form


_VOWEL_LETTERS = "аеєиіїоуюяэы"
_MASC_ENDINGS = (("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("ову", "ов"), ("еву", "ев"),
                 ("ину", "ин"), ("овым", "ов"), ("евым", "ев"), ("ові", "ов"), ("ом", ""))


@lru_cache(maxsize=200_000)
def surname_lemma(word: str, language: str, given: str | None = None) -> str:
    """Nominative surname agreeing with the given name's gender and case ('Игоря Терехова')."""
    if not given:
        return name_lemma(word, language, "Surn")
    gp = next((p for p in parses(given, language) if "Name" in p.tag), None)
    if gp is None or gp.tag.case is None or "Fixd" in gp.tag:
        return _unknown_case_surname(word, language)
    gender, case = gp.tag.gender, gp.tag.case
    fits = [p for p in parses(word, language) if p.tag.POS in ("NOUN", "ADJF")
            and p.tag.number != "plur" and p.tag.case == case
            and (gender is None or p.tag.gender in (gender, None))
            and "Name" not in p.tag and "Patr" not in p.tag]
    fits.sort(key=lambda p: ("Surn" not in p.tag, p.tag.POS != "ADJF"))
    if fits:
        best = fits[0]
        if gender == "femn":
            infl = best.inflect({"nomn", "sing"} if language == "ru" else {"nomn"})
            return infl.word if infl is not None else word.lower()
        return best.normal_form
    low = word.lower()
    if case == "nomn":
        return low
    if gender == "femn" and low[-1] not in _VOWEL_LETTERS:
        return low  # a woman's surname ending in a consonant does not decline (Урсулой Ляйен)
    if gender == "masc":
        for end, base in _MASC_ENDINGS:
            if low.endswith(end) and len(low) > len(end) + 2 and base:
                return low[: -len(end)] + base
    return name_lemma(word, language, "Surn")


def _unknown_case_surname(word: str, language: str) -> str:
    """A surname whose case the given name does not tell ('Джо Байденом': Джо is indeclinable):
    a dictionary surname's nominative, else the oblique ending stripped."""
    if any("Surn" in p.tag for p in parses(word, language)):
        return name_lemma(word, language, "Surn")
    return strip_oblique(word, language)


# Unambiguous oblique endings of foreign names (instrumental, uk dative/locative): the
# genitive/dative -а/-у/-і/-е are left alone, being also the nominative of many foreign names
# (Дуда, Шойгу, Моді, Рютте). (ending, replacement, languages)
_FOREIGN_OBLIQUE: tuple[tuple[str, str, str], ...] = (
    ("ом", "", "uk ru"), ("ові", "", "uk"), ("ою", "а", "uk"), ("ею", "я", "uk"),
    ("ой", "а", "ru"), ("єм", "й", "uk"), ("ем", "", "uk ru"), ("еві", "", "uk"),
)
_HUSHING = "жшчщц"


@lru_cache(maxsize=200_000)
def strip_oblique(word: str, language: str) -> str:
    """Nominative guess for a name the dictionary does not know, from its case ending:
    'Гутеррішем' -> 'гутерріш', 'Блінкеном' -> 'блінкен', 'Боррелем' -> 'боррель',
    'Кісідою' -> 'кісіда'. A word with none of the endings comes back lower-cased."""
    low = word.lower()
    lang = "uk" if language == "uk" else "ru"
    for end, rep, langs in _FOREIGN_OBLIQUE:
        if lang in langs and low.endswith(end) and len(low) - len(end) >= 2:
            stem = low[: -len(end)]
            if stem[-1] in "аеєиіїоуюяэы" or (end == "ой" and stem.endswith(("ск", "цк"))):
                continue  # a vowel stem or an adjectival surname (Бабицкой)
            hard = _HUSHING + "й" + ("р" if lang == "uk" else "")
            if end in ("ем", "еві") and stem[-1] not in hard:
                rep = "ь"  # Боррелем <- Боррель; Гутеррішем <- Гутерріш
            return stem + rep
    return low
