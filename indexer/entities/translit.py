"""Cyrillic to Latin: the Ukrainian national system (2010) for uk, a BGN-like scheme for ru."""

from __future__ import annotations

import re

from anyascii import anyascii

_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "ы": "y", "э": "e", "ъ": "", "ё": "e",
}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "",
}

_CYR = re.compile(r"[\u0400-\u04ff]")


def _apply(text: str, table: dict[str, str], initial: dict[str, str]) -> str:
    """Transliterate char by char, keeping case, with word-initial variants."""
    out: list[str] = []
    prev_letter = False
    for i, ch in enumerate(text):
        low = ch.lower()
        if low in table:
            rep = initial.get(low, table[low]) if not prev_letter else table[low]
            if low == "г" and table is _UK and i > 0 and text[i - 1].lower() == "з":
                rep = "gh"
            if ch != low and rep:
                rep = rep[0].upper() + rep[1:]
            out.append(rep)
            prev_letter = True
        else:
            out.append(anyascii(ch) if ord(ch) > 127 else ch)
            prev_letter = ch.isalpha()
    return "".join(out)


def translit(text: str, language: str) -> str:
    """Latin form of a name: Ukrainian national system for uk, BGN-like for ru."""
    if not _CYR.search(text):
        return anyascii(text)
    if language == "uk":
        return _apply(text, _UK, _UK_INITIAL)
    return _apply(text, _RU, {})


def looks_ukrainian(text: str) -> bool:
    """True when the Cyrillic text has letters found only in Ukrainian."""
    return bool(re.search(r"[іїєґІЇЄҐ']", text))
