"""Language of an article's text: English, Ukrainian or Russian."""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("en", "uk", "ru")

# Below this normalized probability the statistical model is "unsure".
_CONFIDENT = 0.8

_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁіїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-z]")
_UK_APOSTROPHE = re.compile(r"[бвмпфрБВМПФР]['’ʼ][яюєїЯЮЄЇ]")
_SAMPLE = 5000  # characters: more adds time, not accuracy


@cache
def _identifier() -> LanguageIdentifier:
    """The py3langid model restricted to en/uk/ru, loaded once."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """Best guess of the language of text: "en", "uk" or "ru" ("en" when there is no text)."""
    sample = text[:_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if not cyrillic:
        return "en"
    lang, confidence = _identifier().classify(sample)
    if confidence >= _CONFIDENT and (lang != "en" or latin >= cyrillic):
        return lang
    if latin > 2 * cyrillic and lang == "en":
        return "en"
    return _by_script(sample, lang)


def _by_script(text: str, fallback: str) -> str:
    """Ukrainian or Russian from the letters only one of the two alphabets has."""
    uk = len(_UK_LETTERS.findall(text)) + len(_UK_APOSTROPHE.findall(text))
    ru = len(_RU_LETTERS.findall(text))
    if uk != ru:
        return "uk" if uk > ru else "ru"
    if fallback in ("uk", "ru") and uk:
        return fallback
    # Ukrainian prose without і/ї/є/ґ is rare beyond a word or two; Russian without ы/э/ъ/ё
    # is common in short texts.
    if len(_CYRILLIC.findall(text)) >= 20 or fallback == "en":
        return "ru"
    return fallback
