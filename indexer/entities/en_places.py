"""English place rules: datelines, ALL-CAPS headlines, gazetteer scans, plausibility."""

from __future__ import annotations

import re
from functools import lru_cache

from .common import WORD, Cand, overlaps, sentence_initial
from .en_demonyms import demonym_country
from .en_names import first_names
from .gazetteer import get_gazetteer
from .people import is_first_name
from .places import lookup_place, population
from .regions import US_STATE_ABBR

HOME = {"UA"}  # domain prior: the archive is about Ukraine; its towns are always plausible
_DATELINE = re.compile(r"^[ \t]*(?P<p>[A-Z][A-Z.'\- ]{2,30}?)(?:,|\s+\d{4}-\d\d-\d\d)", re.M)
_STATE_AFTER = re.compile(r",\s*([A-Z][A-Za-z.]{0,5})[,.]?\s")
_PROVINCE_AFTER = re.compile(r",\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s")
_SCAN_STOP = {"north", "south", "east", "west", "bank", "central", "capital", "bush", "deal",
              "bar", "mobile", "reading", "orange", "nice", "split", "bath", "of", "man",
              "independence", "progress", "victory", "union", "may", "march", "sale", "bay",
              "federal", "general", "gold", "delta", "national", "royal", "standard", "pacific"}


def plausible(places: list) -> list:
    """Drop weak place readings (from PERSON/ORG labels or the scan) that do not fit the text:
    a small foreign city whose country the text never mentions."""
    gaz = get_gazetteer()
    countries = {gaz.places[ids[0]].country for _, _, ids, prio in places
                 if prio <= 3 and len({gaz.places[i].country for i in ids}) == 1}
    out = []
    for s, e, ids, prio in places:
        if prio >= 4:
            ids = [i for i in ids if gaz.places[i].kind != "city"
                   or gaz.places[i].population >= 100_000
                   or gaz.places[i].country in countries or gaz.places[i].country in HOME]
        if ids:
            out.append((s, e, ids, prio))
    return out


def scan_places(text: str, places: list, cands: list[Cand], people: list) -> None:
    """Capitalized words spaCy missed that are sizeable places or countries."""
    gaz = get_gazetteer()
    taken = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places]
    taken += [(p.start, p.end) for p in people]
    for m in WORD.finditer(text):
        word = m.group(0)
        if not word[:1].isupper() or word.isupper() or word.lower() in _SCAN_STOP:
            continue
        if overlaps(m.start(), m.end(), taken):
            continue
        pieces = [(m.start(), m.end())]
        if "-" in word:
            pieces = [(x.start() + m.start(), x.end() + m.start())
                      for x in re.finditer(r"[^-]+", word)]
        if in_name_run(text, m.start(), m.end()):
            continue  # 'Federal Reserve', 'Red Lion': part of a longer capitalized name
        for s, e in pieces:
            if is_first_name(text[s:e]):
                continue
            ids = plain_ids(text, text[s:e], "SCAN")
            if text[s:e] in first_names() and not any(
                    gaz.places[i].country in HOME for i in ids):
                continue
            ids = [i for i in ids if gaz.places[i].kind != "city"
                   or gaz.places[i].population >= 15000]
            if not ids or not text[s].isupper():
                continue
            if sentence_initial(text, s) and max(population(gaz, i) for i in ids) < 100_000:
                continue
            places.append((s, e, ids, 5))  # filtered by _plausible


def caps_places(text: str, places: list, cands: list[Cand], people: list) -> None:
    """Countries and big cities in ALL-CAPS headlines and datelines ('SOCCER - ROMANIA BEAT
    LITHUANIA', 'BUCHAREST 1996-08-30', 'SALVADOR, Feb 26')."""
    gaz = get_gazetteer()
    taken = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places]
    taken += [(p.start, p.end) for p in people]
    found: list[tuple[int, int, int]] = []  # start, end, minimum city population
    for m in _DATELINE.finditer(text):
        found.append((m.start("p"), m.start("p") + len(m["p"].rstrip()), 15_000))
    pos = 0
    for line in text.split("\n"):
        letters = [ch for ch in line if ch.isalpha()]
        if len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters):
            toks = [(x.start() + pos, x.end() + pos) for x in re.finditer(r"[A-Z][A-Z'.\-]+", line)]
            for i in range(len(toks)):
                for n in (3, 2, 1):
                    if i + n <= len(toks):
                        found.append((toks[i][0], toks[i + n - 1][1], 100_000))
        pos += len(line) + 1
    for s, e, need in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if overlaps(s, e, taken):
            continue
        word = text[s:e]
        if need > 15_000 and (word.lower() in lower_words(text) or demonym_country(word)
                              or text.startswith(" <", e)  # 'BURLINGTON <BUR>': a ticker
                              or (" " not in word and len(word) < 4)
                              or word.lower() in _SCAN_STOP):
            continue  # 'STOCK SPLIT', 'SALE', 'NO': common words, not Split or Salé
        ids = [i for i in gaz.lookup(word.title(), fold=False)
               if gaz.places[i].kind != "city" or gaz.places[i].population >= need]
        state = _STATE_AFTER.match(text, e)
        abbr = state[1].rstrip(".") if state else ""
        if state and need == 15_000 and (abbr in US_STATE_ABBR or abbr.title() in US_STATE_ABBR):
            # 'SALVADOR, Feb 26' names no state: 'Feb' is the date
            code = "US-" + US_STATE_ABBR.get(abbr if abbr in US_STATE_ABBR else abbr.title(), "")
            us = [i for i in ids if gaz.places[i].country == "US"]
            ids = us or ([code] if code in gaz.places else [])
        if ids:
            places.append((s, e, ids, 3))
            taken.append((s, e))


def in_name_run(text: str, start: int, end: int) -> bool:
    """True when a capitalized word directly precedes or follows the word."""
    after = re.match(r" ([A-Z][a-z])", text[end:end + 3])
    before = re.search(r"([A-Za-z][a-z]*) $", text[max(0, start - 20):start])
    return bool(after) or bool(before and before.group(1)[0].isupper()
                               and not sentence_initial(text, start - len(before.group(0))))


@lru_cache(maxsize=4)
def hard_wrapped(text: str) -> bool:
    """True for text wrapped at a fixed width (wire copy): most lines run on without
    sentence-final punctuation, so a line end inside a name is a space ('Donald\nRegan')."""
    lines = [ln.rstrip() for ln in text.split("\n") if ln.strip()]
    body = [ln for ln in lines if 40 <= len(ln) <= 80]  # wire copy wraps near 70 characters
    if len(body) < 3 or len(body) < 0.6 * len(lines):
        return False
    run_on = sum(1 for ln in body if ln[-1:].isalpha() or ln[-1:] == ",")
    return run_on * 2 >= len(body)


@lru_cache(maxsize=4)
def lower_words(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the text ('split', 'sale', 'federal')."""
    return frozenset(re.findall(r"(?<![\w-])[a-z][a-z'-]*(?![\w-])", text))


def plain_ids(text: str, span: str, label: str) -> list[str]:
    """Place ids for a span, without readings that are really common words or scraps:
    'No', 'Va' (two letters), 'Federal', 'Bank', 'Gold' (the word also occurs in lower case)."""
    ids = lookup_place(span, "en") if label != "SCAN" else get_gazetteer().lookup(span, False)
    if not ids or " " in span or span.isupper():
        return ids
    gaz = get_gazetteer()
    if len(span) <= 2 or (len(span) <= 3 and all(gaz.places[i].name != span for i in ids)):
        return []
    if label != "GPE" and (span.lower() in _SCAN_STOP or span.lower() in lower_words(text)):
        return [i for i in ids if gaz.places[i].kind == "country"]
    return ids


def dateline_places(text: str, taken: list[tuple[int, int]]) -> list:
    """'PORTLAND, Ore., Feb 26 -': the city (in the US) and the state, claimed before NER."""
    gaz = get_gazetteer()
    out = []
    for m in _DATELINE.finditer(text):
        s, e = m.start("p"), m.start("p") + len(m["p"].rstrip())
        state = _STATE_AFTER.match(text, e) or _PROVINCE_AFTER.match(text, e)
        abbr = state[1].rstrip(".") if state else ""
        key = abbr if abbr in US_STATE_ABBR else abbr.title()
        code = "US-" + US_STATE_ABBR[key] if key in US_STATE_ABBR else next(
            (i for i in gaz.lookup(abbr, fold=False) if gaz.places[i].kind == "region"), None)
        if overlaps(s, e, taken) or not code or code not in gaz.places:
            continue
        country = gaz.places[code].country
        ids = [i for i in gaz.lookup(text[s:e].title()) if gaz.places[i].country == country]
        out.append((s, e, ids or [code], 1))
        out.append((state.start(1), state.start(1) + len(abbr), [code], 1))
    return out
