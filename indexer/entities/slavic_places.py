"""Context filters for uk/ru gazetteer places: names of laws and symbols ('Закону України'),
holidays ('День Києва'), quoted titles («Наші гроші. Львів»), sentence-initial common words
that are also villages, and same-name places where a far larger one is meant."""

from __future__ import annotations

import re
from typing import Any

from .common import sentence_initial
from .gazetteer import get_gazetteer
from .morph import name_kinds
from .people import is_first_name
from .places import population
from .slavic_aliases import lookup

Found = tuple[int, int, list[str], int]
# a country or city in the genitive after these words is part of a document's or symbol's
# name ('Кримінального кодексу України', 'Конституции России', 'Державного Герба України')
_DOCUMENT = re.compile(r"(?i)(?<!\w)(?:кодекс\w*|закон\w*|конституці\w*|конституци\w*|указ\w*|"
                       r"постанов\w*|герб\w*|гімн\w*|гимн\w*|прапор\w*|флаг\w*|(?-i:Д(?:ень|ня|нем|ні))|"
                       r"книг\w*)\s+$")
_SETTLEMENT = re.compile(r"(?i)(?<!\w)(?:м|с|смт|г|пос|сел\w*|міст\w*|город\w*)\.?\s*$")
_BIG_RATIO = 100
# a sentence-initial capitalized word ('Час', 'Мати') may be a common noun: only nearby towns
# or big cities count there (GeoNames gives Cyrillic names to towns in India, the Philippines)
_NEAR = {"UA", "RU", "BY", "MD", "PL", "RO", "HU", "SK", "GE", "KZ", "LT", "LV", "EE", "AM",
         "AZ"}


def in_quotes(text: str, start: int, end: int) -> bool:
    """Inside «...» on the same line or within 60 characters: a title, not a place mention."""
    left = text.rfind("«", max(0, start - 60), start)
    if left < 0 or text.rfind("»", left, start) >= 0:
        return False
    right = text.find("»", end, end + 60)
    if right < 0 or text.find("«", end, right) >= 0:
        return False
    return len(text[left + 1:right].split()) <= 4  # a short title, not a quoted sentence


def _small_initial(text: str, found: Found) -> bool:
    """A sentence-initial word found only as a small or far place ('Час', 'Доля', 'Мати')."""
    start, end, ids, _ = found
    if not sentence_initial(text, start) or _SETTLEMENT.search(text[max(0, start - 12):start]):
        return False
    gaz = get_gazetteer()
    if " " in text[start:end] and any(gaz.places[i].country == "UA" and population(
            gaz, i) >= 10_000 for i in ids):
        return False  # 'Часів Яр знову ...': a town's name of two words is no common word
    return all(gaz.places[i].kind == "city" and (population(gaz, i) < 15_000 or (
        gaz.places[i].country not in _NEAR and population(gaz, i) < 1_000_000)) for i in ids)


def _prune_ids(ids: list[str]) -> list[str]:
    """Drop same-name places dwarfed by a big city ('Нью-Йорк': New York, not Niu-York UA)."""
    if len(ids) < 2:
        return ids
    gaz = get_gazetteer()
    top = max(population(gaz, i) for i in ids)
    if top < 1_000_000:
        return ids
    return [i for i in ids if population(gaz, i) * _BIG_RATIO >= top]


_COMPASS = re.compile(r"(?<![\w-])(?:[Сс]еверн|[Юю]жн|[Зз]ападн|[Вв]осточн|[Цц]ентральн|"
                      r"[Пп]івнічн|[Пп]івденн|[Зз]ахідн|[Сс]хідн)(?:ая|ой|ую|ое|ого|ому|ом|ых|ые|"
                      r"а|у|е|ій|ої|ою|ий|им|ім)\s+$")
_YEAR = re.compile(r"\s+(?:год|года|году|годом|рік|року|роком)(?!\w)")


def _context_fails(text: str, start: int, end: int) -> bool:
    """'.РФ' (a domain), 'Нового года' (a holiday): not a place mention."""
    return (start > 0 and text[start - 1] == ".") or bool(_YEAR.match(text, end))


def extend_compass(text: str, start: int) -> int:
    """Start of 'Северной Африке', 'Східній Європі': the compass adjective joins the name."""
    m = _COMPASS.search(text[max(0, start - 16):start])
    return start - (len(m.group(0))) if m else start


def prune_places(text: str, places: list[Found], lang: str) -> list[Found]:
    """Places that survive the context filters, with dwarfed same-name ids removed."""
    out = []
    for found in places:
        start, end, ids, prio = found
        if in_quotes(text, start, end) or (  # Ukrainian usage: the law's name, no place
                lang == "uk" and _DOCUMENT.search(text[max(0, start - 40):start])):
            continue
        if _small_initial(text, found) or _context_fails(text, start, end):
            continue
        out.append((extend_compass(text, start), end, _prune_ids(ids), prio))
    return out


_MARKED = re.compile(
    r"(?<![\w-])(?<!кв\s)(?<!кв\.\s)(?<!\d\s)(?i:с\.|смт\.?|м\.|с-ще|сел[оіау]|селом|селищ[еіау]|міст[оіау]|містечк[оуа]|"
    r"хутор[аіу]?|хутір|деревн[яиеюі]|посел[оке]\w*|пос[её]лк?[еау]?|город[аеу]?)\s*"
    r"(?P<n>[А-ЯІЇЄҐ][а-яіїєґ']+(?:[- ][А-ЯІЇЄҐ][а-яіїєґ']+)?)(?![\w-])")


def marked_settlements(text: str, lang: str, taken: list[tuple[int, int]]) -> list:
    """'у селі Микитинці', 'с. Ясень', 'смт Андріївка': a capitalized name after a settlement
    word is a place even when the gazetteer lacks it (id 'loc-<lemma>', no coordinates)."""
    from .common import Cand, overlaps
    from .morph import parses
    from .normalize import slug
    from .translit import translit

    out = []
    for m in _MARKED.finditer(text):
        start, end = m.start("n"), m.end("n")
        if overlaps(start, end, taken):
            continue
        words = m["n"].split()
        last = words[-1]
        noun = next((p.normal_form for p in parses(last, lang) if p.tag.POS == "NOUN"), None)
        if noun is None or any(p.tag.POS in ("NPRO", "PREP", "CONJ") for p in parses(last, lang)):
            continue
        lemma = " ".join([w.lower() for w in words[:-1]] + [noun])
        name = " ".join(p.capitalize() for p in translit(lemma, lang).split())
        out.append(Cand(start, end, "place", f"loc-{slug(lemma)}", name, 5))
    return out


_PREP_CASE = {"в": "loct", "у": "loct", "на": "loct", "до": "gent", "з": "gent", "із": "gent",
              "біля": "gent", "поблизу": "gent", "під": "ablt", "через": "accs"}
_PREP_NAME = re.compile(r"(?<![\w'-])(?P<p>в|у|на|до|з|із|біля|поблизу|під)\s+"
                        r"(?P<n>[А-ЯІЇЄҐ][а-яіїєґ']{3,}(?:-[А-ЯІЇЄҐа-яіїєґ][а-яіїєґ']+)?)(?![\w-])")


def prep_places(text: str, taken: list[tuple[int, int]]) -> list:
    """'в Уторопах', 'до Микитинців': a capitalized inanimate noun in the case its place
    preposition governs, unknown to the gazetteer, is a village or landmark (uk only)."""
    from .common import Cand, overlaps
    from .morph import is_known, name_kinds, parses
    from .normalize import slug
    from .translit import translit

    out = []
    for m in _PREP_NAME.finditer(text):
        start, end, word = m.start("n"), m.end("n"), m["n"]
        if overlaps(start, end, taken) or name_kinds(word, "uk"):
            continue
        case = _PREP_CASE[m["p"].lower()]
        ps = [p for p in parses(word, "uk") if p.tag.POS]
        if not ps or any(p.tag.POS != "NOUN" or "anim" in p.tag for p in ps):
            continue
        fits = [p for p in ps if p.tag.case == case]
        if not fits or (is_known(word, "uk") and not all(p.tag.number == "plur" for p in fits)):
            continue  # known singular nouns are too often 'в Інтернеті', 'до Закону'; plural
            # ones are village names ('в Уторопах', 'з Брустурів')
        lemma = fits[0].normal_form
        out.append(Cand(start, end, "place", f"loc-{slug(lemma)}",
                        translit(lemma, "uk").title(), 6))
    return out


_COORD = re.compile(r"([А-ЯІЇЄҐ][\w'-]+)(?:\s*,|\s+(?:та|і|й|и|або|чи))\s+$")
_COORD_AFTER = re.compile(r"^(?:\s*,|\s+(?:та|і|й|и|або|чи))\s+([А-ЯІЇЄҐ][\w'-]+)")


def coordinated_place(context: str, lang: str, after: bool = False) -> bool:
    """The token is coordinated with a place name just before it ('Куп'янська та Лимана'),
    or with `after`, just after it ('Куп'янська та Ізюма')."""
    m = (_COORD_AFTER if after else _COORD).search(context)
    if not m or is_first_name(m[1]) or "Name" in name_kinds(m[1], lang):
        return False
    return bool(lookup(get_gazetteer(), [m[1]], lang))


def unknown_place(text: str, start: int, end: int, words: list[str], lang: str) -> Any:
    """A place natasha found that the gazetteer lacks (a village, district, river, foreign
    town): kept with id 'loc-<lemma>' and no coordinates, like `marked_settlements`; None for
    a span in quotes (a brand or title) or one that lemmatizes to nothing."""
    from .common import Cand
    from .normalize import slug
    from .orgs import org_lemma_text
    from .translit import translit

    if in_quotes(text, start, end):
        return None
    lemma = org_lemma_text(words, lang)
    key = slug(lemma)
    if not key:
        return None
    name = " ".join(p.capitalize() for p in translit(lemma, lang).split())
    return Cand(start, end, "place", f"loc-{key}", name, 4)
