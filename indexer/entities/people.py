"""Person names: canonical ids across scripts, transliterations and inflections."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names_data import CURATED, FIRST_NAMES
from .normalize import fold_key, normalize_text, slug
from .translit import translit

_CYR = re.compile(r"[\u0400-\u04ff]")


def _folds(word: str) -> set[str]:
    """Folded keys of a word in every script reading (uk and ru transliterations)."""
    if _CYR.search(word):
        return {fold_key(translit(word, "uk")), fold_key(translit(word, "ru"))}
    return {fold_key(word)}


@lru_cache(maxsize=1)
def _first_name_index() -> dict[str, str]:
    """Folded spelling -> canonical Latin first name."""
    index: dict[str, str] = {}
    for group in FIRST_NAMES:
        for spelling in group:
            for key in _folds(spelling):
                index.setdefault(key, group[0])
    return index


_CASE_ENDINGS = ("ові", "ою", "ею", "ем", "ом", "ей", "ой", "ий", "а", "у", "ю", "я", "і", "е",
                 "и")


def canonical_first_name(word: str) -> str | None:
    """The canonical Latin form of a known first name (any case for Cyrillic), else None."""
    index = _first_name_index()
    for key in _folds(word):
        if key in index:
            return index[key]
    if _CYR.search(word) and len(word) > 4:
        low = word.lower()
        for end in _CASE_ENDINGS:
            if low.endswith(end):
                for key in _folds(low[: -len(end)]):
                    if key in index:
                        return index[key]
                for tail in ("ь", "а", "я"):  # Ігорем, Камалой, Юлією
                    for key in _folds(low[: -len(end)] + tail):
                        if key in index:
                            return index[key]
    return None


def is_first_name(word: str) -> bool:
    """True for a first name in the equivalence table."""
    return canonical_first_name(word) is not None


def surname_key(surname: str, language: str) -> str:
    """Folded key of a surname (nominative form expected for uk/ru)."""
    if _CYR.search(surname):
        return fold_key(translit(surname, language if language in ("uk", "ru") else "ru"))
    return fold_key(surname)


def given_key(given: str, language: str) -> str:
    """Slug of a first name: its canonical form when known, else its folded key."""
    canon = canonical_first_name(given)
    if canon:
        return canon.lower()
    return surname_key(given, language)


@dataclass
class _Curated:
    id: str
    name: str


@lru_cache(maxsize=1)
def _curated_index() -> tuple[dict[tuple[str, str], _Curated], dict[str, list[_Curated]]]:
    """(given key, surname key) -> entry and surname key -> entries."""
    full: dict[tuple[str, str], _Curated] = {}
    by_surname: dict[str, list[_Curated]] = {}
    for pid, name, others in CURATED:
        entry = _Curated(pid, name)
        for spelling in (name, *others):
            parts = spelling.split()
            langs = ("uk", "ru") if _CYR.search(spelling) else ("en",)
            for lang in langs:
                key = (given_key(parts[0], lang), surname_key(parts[-1], lang))
                full.setdefault(key, entry)
                lst = by_surname.setdefault(key[1], [])
                if entry not in lst:
                    lst.append(entry)
    return full, by_surname


def person_id(given: str | None, surname: str, language: str) -> tuple[str, str]:
    """Canonical (id, display name) for a person given nominative name parts."""
    full, by_surname = _curated_index()
    skey = surname_key(surname, language)
    if given:
        gkey = given_key(given, language)
        entry = full.get((gkey, skey))
        if entry:
            return entry.id, entry.name
        if language == "en":  # readable: the name as English writes it (gordon-brown)
            # a Slavic name in Latin letters takes its canonical form (Serhiy -> serhii),
            # an English given name stays as written (michael-howard, not mykhailo-)
            from .en_names import first_names

            first = given if given in first_names() else canonical_first_name(given) or given
            return f"{slug(first)}-{slug(surname)}", display_name(given, surname, language)
        return f"{gkey}-{skey}", display_name(given, surname, language)
    entries = by_surname.get(skey, [])
    if len(entries) == 1:
        return entries[0].id, entries[0].name
    return skey, display_name(None, surname, language)


def folded_id(given: str, surname: str, language: str) -> str:
    """The script-neutral id of a full name (folded given name and surname): what a
    Cyrillic spelling gets, and an English one besides its readable id."""
    return f"{given_key(given, language)}-{surname_key(surname, language)}"


def display_name(given: str | None, surname: str, language: str) -> str:
    """Latin display form: the first name as written in English text (Michael Howard),
    else its canonical Latin form (Олександр -> Oleksandr); the surname transliterated."""
    parts = []
    if given and language == "en":
        parts.append(_title(given))
    elif given:
        parts.append(canonical_first_name(given) or _title(translit(given, language)))
    if language == "en" and " " in surname:
        parts.append(surname)  # 'von der Leyen', 'bin Salman': particles as written
    else:
        parts.append(_title(translit(surname, language)))
    return " ".join(parts)


def _title(word: str) -> str:
    """Title-case each hyphen/space separated part."""
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def surname_ids(surname: str, language: str) -> list[str]:
    """Ids that a lone surname may denote: curated people plus the bare surname key."""
    skey = surname_key(surname, language)
    _, by_surname = _curated_index()
    ids = [e.id for e in by_surname.get(skey, [])]
    if skey and skey not in ids:
        ids.append(skey)
    return ids


def given_and_surname(words: list[str]) -> tuple[str, str]:
    """(first part, last part) of a full name as English writes it: the first and the last
    word ('George W. Bush' -> George, Bush), but an East Asian name keeps its given names
    after the family name ('Kim Jong Un' -> Kim, 'Jong Un')."""
    from .east_asian import is_family_name

    if len(words) > 2 and is_family_name(words[0]) and all(len(w) <= 5 for w in words[1:]):
        return words[0], " ".join(words[1:])
    return words[0], words[-1]


@dataclass
class RawPerson:
    """A person mention before document-level resolution: nominative name parts."""

    start: int
    end: int
    given: str | None
    surname: str
    language: str
    from_ner: bool = False  # a lone name an NER model labelled as a person


def resolve_people(raws: list[RawPerson]) -> list[tuple[RawPerson, str, str]]:
    """Give ids; a lone surname takes the id of a full name with that surname in the text."""
    full_by_surname: dict[str, tuple[str, str]] = {}
    resolved: dict[int, tuple[str, str]] = {}
    for i, raw in enumerate(raws):
        if raw.given:
            pid = person_id(raw.given, raw.surname, raw.language)
            resolved[i] = pid
            full_by_surname.setdefault(surname_key(raw.surname, raw.language), pid)
    out = []
    for i, raw in enumerate(raws):
        pid = resolved.get(i)
        if pid is None:
            pid = full_by_surname.get(surname_key(raw.surname, raw.language))
        if pid is None:
            pid = person_id(None, raw.surname, raw.language)
        out.append((raw, pid[0], pid[1]))
    return out


def clean_person_text(text: str) -> str:
    """Strip possessives and punctuation around an English person span."""
    text = normalize_text(text).strip()
    text = re.sub(r"'s?$", "", text)
    return text.strip(" .,;:\"'()")
