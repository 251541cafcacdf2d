"""Ukrainian and Russian: natasha NER plus pymorphy3 name rules and gazetteer places."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .common import WORD, Cand, credit_zones, overlaps, sentence_initial
from .dates import find_dates
from .gazetteer import get_gazetteer
from .morph import is_known, name_kinds, name_lemma, parses, surname_lemma
from .orgs import find_table_orgs, match_table, org_id, org_lemma_text
from .people import RawPerson, canonical_first_name, is_first_name
from .places import place_cands, population, region_spans_slavic
from .slavic_aliases import cap, lookup, multiword_places, phrase_places, subject_cands
from .slavic_names import (
    GivenOnly,
    after_street,
    dropped_start,
    east_asian_person,
    east_asian_start,
    given_lemma,
    initial_people,
    is_particle,
    is_patronymic,
    lone_person,
    place_prep,
    pure_name,
    resolve_slavic,
    split_run,
    surname_first,
)
from .slavic_ner import _NER, ner_spans, ner_tagger  # noqa: F401 (re-exported)
from .slavic_places import (
    coordinated_place,
    extend_compass,
    in_quotes,
    marked_settlements,
    prep_places,
    prune_places,
    unknown_place,
)
from .slavic_regions import feature_cands, raion_cands, region_cands
from .uk_orgs import legal_quoted, quoted_orgs, uk_org_phrases

Token = tuple[int, int, str]
_SETTLEMENT = re.compile(r"(?<!\w)(?:м\.|с\.|смт\.?|сел[оіа]|селищ\w*|міст[оіа]|г\.|пос\.|"
                         r"посел\w*|город\w*|деревн\w*)\s*$", re.I)
_FUNCTION = {"CONJ", "PRCL", "ADVB", "NPRO", "PREP", "INTJ", "PRED"}
KEEP_UNKNOWN_LOC = {"ru"}  # languages whose natasha LOC spans stay places without a gazetteer id


def _place_ids(tok: Token, prev: Token | None, lang: str) -> list[str]:
    """Gazetteer ids for a token unless it reads as a person's name here."""
    word = tok[2]
    if is_first_name(word) or len(word) < 3 or pure_name(word, lang):
        return []
    if any(p.tag.POS in _FUNCTION for p in parses(word, lang)):
        return []  # 'Але', 'Там', 'Так', 'Саме': function words that are also village names
    if prev is not None and (is_first_name(prev[2]) or (
            "Surn" in name_kinds(word, lang) and "Name" in name_kinds(prev[2], lang))):
        return []
    return lookup(get_gazetteer(), [word], lang)


def _real_first_name(word: str, lang: str) -> bool:
    """True when a Name reading of the word is a first name from the table."""
    return any("Name" in p.tag and is_first_name(p.normal_form) for p in parses(word, lang))


def _given(word: str, lang: str) -> bool:
    """A first name or patronymic (what precedes a surname or a particle like 'Ле')."""
    return is_first_name(word) or bool(name_kinds(word, lang) & {"Name", "Patr"})


def _is_name_token(word: str, lang: str) -> bool:
    """A token that can be part of a person's name."""
    if not cap(word) or len(word) < 2:
        return False
    return bool(name_kinds(word, lang)) or is_first_name(word) or not is_known(word, lang) or (
        is_patronymic(word))


def extract_slavic(text: str, lang: str, spans: list[tuple[int, int, str]],
                   published: date | None) -> list[Cand]:
    """Candidates for one uk/ru text given natasha's spans."""
    cands: list[Cand] = []
    for s, e, d in find_dates(text, lang, published):
        cands.append(Cand(s, e, "date", d.isoformat(), d.isoformat(), 0))
    for s, e, oid, name in find_table_orgs(text):
        cands.append(Cand(s, e, "org", oid, name, 1))
    tokens: list[Token] = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]
    if lang == "uk":
        cands.extend(uk_org_phrases(text, tokens, [(c.start, c.end) for c in cands
                                                   if c.type == "date"]))
    places: list[tuple[int, int, list[str], int]] = [
        (s, e, ids, 1) for s, e, ids in region_spans_slavic(text)]
    places += [p for p in phrase_places(get_gazetteer(), text)
               if not overlaps(p[0], p[1], [(q[0], q[1]) for q in places])]
    extra = region_cands(text) + subject_cands(text, lang)
    extra += raion_cands(text) + feature_cands(text) if lang == "uk" else []
    for c in extra:
        if not overlaps(c.start, c.end, [(p[0], p[1]) for p in places]) and not in_quotes(
                text, c.start, c.end):  # «Таврія»: a brand, not the region
            c.start = extend_compass(text, c.start) if c.id.startswith("geo-") else c.start
            cands.append(c)
    zones = credit_zones(text)
    claimed = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places] + zones
    people: list[RawPerson] = [p for p in initial_people(text, lang)
                               if not overlaps(p.start, p.end, claimed)]
    claimed += [(p.start, p.end) for p in people]
    used: set[int] = set()
    for s, e, kind in spans:
        idx = [i for i, t in enumerate(tokens) if t[0] < e and s < t[1]]
        for run in _cap_runs(tokens, idx):
            if overlaps(tokens[run[0]][0], tokens[run[-1]][1], claimed):
                continue
            used.update(run)
            _span_run(text, tokens, run, kind, lang, places, people, cands, e)
    produced = [(p[0], p[1]) for p in places] + [(p.start, p.end) for p in people]
    produced += [(c.start, c.end) for c in cands]
    used = {i for i in used if overlaps(tokens[i][0], tokens[i][1], produced)}
    if lang == "uk":  # natasha finds Russian quoted names itself; Ukrainian ones it misses
        quoted_orgs(text, lang, claimed + produced, cands)
    claimed = claimed + [(c.start, c.end) for c in cands]
    multiword_places(tokens, used, claimed, lang, places)
    _scan(text, tokens, used, claimed, lang, places, people)
    for raw, pid, name in resolve_slavic(people):
        cands.append(Cand(raw.start, raw.end, "person", pid, name, 2))
    cands.extend(place_cands(prune_places(text, places, lang), lang))
    taken = [(c.start, c.end) for c in cands] + [(p.start, p.end) for p in people] + zones
    cands.extend(marked_settlements(text, lang, taken))
    if lang == "uk":
        cands.extend(prep_places(text, taken + [(c.start, c.end) for c in cands]))
    return legal_quoted(text, cands) if lang == "uk" else cands


def _cap_runs(tokens: list[Token], idx: list[int]) -> list[list[int]]:
    """Split token indexes into runs of adjacent capitalized tokens."""
    runs: list[list[int]] = []
    for i in idx:
        if not tokens[i][2][:1].isupper() and not (runs and runs[-1][-1] == i - 1 and (
                is_particle(tokens[i][2]))):
            continue
        if runs and runs[-1][-1] == i - 1 and tokens[i][0] - tokens[i - 1][1] <= 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _org(text: str, tokens: list[Token], run: list[int], span_end: int, lang: str,
         cands: list[Cand]) -> None:
    """An organization natasha found (the whole span, lower-case words included)."""
    idx = list(run)
    while idx[-1] + 1 < len(tokens) and tokens[idx[-1] + 1][1] <= span_end:
        idx.append(idx[-1] + 1)
    start, end = tokens[idx[0]][0], tokens[idx[-1]][1]
    words = [tokens[i][2] for i in idx]
    lemma_text = org_lemma_text(words, lang)
    oid, name = org_id(text[start:end], lang, lemma_text)
    if oid:
        cands.append(Cand(start, end, "org", oid, name, 3))


def _span_run(text: str, tokens: list[Token], run: list[int], kind: str, lang: str,
              places: list, people: list[RawPerson], cands: list[Cand],
              span_end: int) -> None:
    """Classify one capitalized run inside a natasha span."""
    start, end = tokens[run[0]][0], tokens[run[-1]][1]
    surface = text[start:end]
    if kind == "PER" and after_street(text, start):
        return  # 'вул. Франка': a street named after the person
    if kind == "ORG" or all(tokens[i][2].isupper() for i in run):
        hit = match_table(surface)
        gaz = get_gazetteer()
        ids = [p for p in lookup(gaz, [tokens[i][2] for i in run], lang) if population(
            gaz, p) >= (10_000 if gaz.places[p].country == "UA" else 100_000)]  # 'Часовому Ярі'
        if hit:
            cands.append(Cand(start, end, "org", hit[0], hit[1], 3))
        elif ids:
            places.append((start, end, ids, 3))
        elif kind == "ORG":
            _org(text, tokens, run, span_end, lang, cands)
        return
    if len(run) > 1:
        ids = lookup(get_gazetteer(), [tokens[i][2] for i in run], lang)
        if ids and not any(is_first_name(tokens[i][2]) for i in run):
            places.append((start, end, ids, 3))
            return
    if kind == "LOC" and lang in KEEP_UNKNOWN_LOC and not (
            len(run) == 1 and lone_person(text, tokens[run[0]], lang)) and not any(
            _place_ids(tokens[i], tokens[i - 1] if i - 1 in run else None, lang) for i in run):
        cand = unknown_place(text, start, end, [tokens[i][2] for i in run], lang)
        if cand is not None:
            cands.append(cand)
            return
    person_run: list[int] = []
    for i in run:
        if kind == "PER" and east_asian_start(tokens, i, text):
            person_run.append(i)  # 'Ли Цян': 'ли' is also a particle, 'Кім' a place
            continue
        prev = tokens[i - 1] if person_run or (i - 1 in run) else None
        ids = _place_ids(tokens[i], prev, lang)
        before = text[max(0, tokens[i][0] - 40):tokens[i][0]]
        after = text[tokens[i][1]:tokens[i][1] + 40]
        if ids and kind == "PER" and (not _beats_person(tokens[i][2], ids, lang, before, after) or (
                i + 1 in run and "Name" in name_kinds(tokens[i][2], lang))):
            ids = []  # 'Питер Семнеби': a first name before a surname, not St Petersburg
        if ids and kind == "LOC" and len(run) == 1 and lone_person(text, tokens[i], lang) and (
                _person_wins(text, tokens[i], ids, lang, get_gazetteer())):
            ids = []  # 'Софія вказала': the scan makes her a person
        if ids and (kind == "LOC" or not _real_first_name(tokens[i][2], lang)):
            _flush(tokens, person_run, lang, people, kind == "PER", text)
            person_run = []
            places.append((tokens[i][0], tokens[i][1], ids, 3))
        elif kind == "PER" and (_is_name_token(tokens[i][2], lang) or (
                person_run and is_particle(tokens[i][2])) or (
                person_run and cap(tokens[i][2]) and _given(tokens[person_run[-1]][2], lang))):
            person_run.append(i)
        else:
            _flush(tokens, person_run, lang, people, kind == "PER", text)
            person_run = []
    _flush(tokens, person_run, lang, people, kind == "PER", text)


def _flush(tokens: list[Token], run: list[int], lang: str, people: list[RawPerson],
           from_ner: bool, text: str) -> None:
    """Turn a run of name tokens into RawPersons (split where two people meet)."""
    if not run:
        return
    run = [*range(dropped_start(tokens, run[0], lang, text), run[0]), *run]

    while run[-1] + 1 < len(tokens) and _extends(text, tokens, run[-1], lang):
        run = [*run, run[-1] + 1]  # ... or the surname after it
    for part in split_run(tokens, run, lang):
        _flush_part(tokens, part, lang, people, from_ner, text)


def _extends(text: str, tokens: list[Token], i: int, lang: str) -> bool:
    """Whether token i+1 continues a name ending in token i ('Юрія | Іванющенка')."""
    word, nxt = tokens[i][2], tokens[i + 1]
    if text[tokens[i][1]:nxt[0]] != " " or not cap(nxt[2]) or len(nxt[2]) < 2:
        return False
    if not (is_first_name(word) or name_kinds(word, lang) & {"Name", "Patr"}):
        return False
    if any(p.tag.POS in _FUNCTION for p in parses(nxt[2], lang)):
        return False
    return is_first_name(word) or _is_name_token(nxt[2], lang)


def _flush_part(tokens: list[Token], run: list[int], lang: str, people: list[RawPerson],
                from_ner: bool, text: str) -> None:
    """One person from a run: a lone name, given name + surname or surname + given name."""
    words = [tokens[i][2] for i in run]
    start, end = tokens[run[0]][0], tokens[run[-1]][1]
    if east := east_asian_person(tokens, run, lang, text):
        people.append(east)
        return
    if len(words) == 1:
        word = words[0]
        kinds = name_kinds(word, lang)
        if from_ner and (is_first_name(word) or ("Name" in kinds and "Surn" not in kinds)):
            people.append(GivenOnly(start, end, None, given_lemma(word, lang), lang))
        elif from_ner and ("Surn" in kinds or not is_known(word, lang)):
            people.append(RawPerson(start, end, None, name_lemma(word, lang, "Surn"), lang))
        elif not from_ner and (person := lone_person(text, tokens[run[0]], lang)):
            people.append(person)
        return
    given_word, surname_word = words[0], words[-1]
    if surname_first(words[:2] if len(words) == 3 and is_patronymic(words[2]) else words, lang):
        given_word, surname_word = surname_word, given_word
    if not (is_first_name(given_word) or "Name" in name_kinds(given_word, lang)) and not from_ner:
        return
    given = canonical_first_name(given_word) or name_lemma(given_word, lang, "Name")
    if given == given_word.lower() and is_known(given_word, lang):  # a noun ('Мухаммедом')
        given = next((p.normal_form for p in parses(given_word, lang) if p.tag.POS == "NOUN"),
                     given)
    surname = surname_lemma(surname_word, lang, given_word)
    people.append(RawPerson(start, end, given, surname, lang))


def _scan(text: str, tokens: list[Token], used: set[int], claimed: list[tuple[int, int]],
          lang: str, places: list, people: list[RawPerson]) -> None:
    """Capitalized tokens natasha missed: gazetteer places and Name+Surname runs."""
    gaz = get_gazetteer()
    taken = claimed + [(p[0], p[1]) for p in places] + [(p.start, p.end) for p in people]
    run: list[int] = []

    def end_run() -> None:
        if len(run) >= 2:
            _flush(tokens, run, lang, people, False, text)
        elif len(run) == 1:
            _lone(text, tokens, run[0], lang, gaz, places, people)
        run.clear()

    for i, tok in enumerate(tokens):
        if run and not (run[-1] == i - 1 and text[tokens[i - 1][1]:tok[0]] == " "):
            end_run()
        free = i not in used and cap(tok[2]) and not overlaps(tok[0], tok[1], taken)
        if free and ((east_asian_start(tokens, i, text) and not run) or (len(run) == 1 and (
                east_asian_start(tokens, run[0], text)))):
            run.append(i)  # 'Ли Цян', 'Ван И'
            continue
        if free and (_is_name_token(tok[2], lang) or (
                run and _extends(text, tokens, i - 1, lang))) and (
                run or is_first_name(tok[2]) or "Name" in name_kinds(tok[2], lang)):
            run.append(i)
            continue
        end_run()
        if free:
            _lone(text, tokens, i, lang, gaz, places, people)
    end_run()
    _surnames(tokens, used, taken, lang, people)


def _lone(text: str, tokens: list[Token], i: int, lang: str, gaz: Any, places: list,
          people: list[RawPerson]) -> None:
    """A free capitalized token: a first name or surname unless the context or a big place
    says otherwise ('Софія вказала' a woman, 'у Софії' the city), else a gazetteer place."""
    tok = tokens[i]
    if any(p[0] <= tok[0] < p[1] for p in places):
        return
    person = lone_person(text, tok, lang)
    ids = _scan_ids(text, tokens, i, lang, gaz)
    if person is not None and (not ids or _person_wins(text, tok, ids, lang, gaz)):
        people.append(person)
    elif ids:
        places.append((tok[0], tok[1], ids, 5))


def _person_wins(text: str, tok: Token, ids: list[str], lang: str, gaz: Any) -> bool:
    """A name reading beats small same-name places unless a preposition or marker precedes."""
    before = text[max(0, tok[0] - 40):tok[0]]
    if _SETTLEMENT.search(before) or place_prep(before) or coordinated_place(before, lang) or (
            coordinated_place(text[tok[1]:tok[1] + 40], lang, after=True)):
        return False  # '... Куп'янська та Ізюма'
    if any(gaz.places[p].kind != "city" for p in ids):
        return False
    if pure_name(tok[2], lang) or is_first_name(tok[2]):
        return True
    return max(population(gaz, p) for p in ids) < 100_000


def _scan_ids(text: str, tokens: list[Token], i: int, lang: str, gaz: Any) -> list[str]:
    """Gazetteer ids of a free capitalized token big enough for its context."""
    tok = tokens[i]
    if after_street(text, tok[0]):
        return []  # 'вулиці Франка' is a street, not Franca (Brazil)
    prev = tokens[i - 1] if i > 0 and tokens[i - 1][1] >= tok[0] - 1 else None
    ids = _place_ids(tok, prev, lang)
    need = 15_000 if sentence_initial(text, tok[0]) else 5_000
    if _SETTLEMENT.search(text[max(0, tok[0] - 12):tok[0]]):
        need = 0  # "м. Щастя", "у селі Новоселівка": the marker says it is a place
    return [p for p in ids if population(gaz, p) >= need]


def _surnames(tokens: list[Token], used: set[int], taken: list[tuple[int, int]], lang: str,
              people: list[RawPerson]) -> None:
    """Lone capitalized surname tokens (kept later only if a full name has that surname)."""
    full = {p.surname for p in people if p.given}
    if not full:
        return
    spans = taken + [(p.start, p.end) for p in people]
    for tok in tokens:
        if not cap(tok[2]) or overlaps(tok[0], tok[1], spans):
            continue
        if "Surn" in name_kinds(tok[2], lang) or not is_known(tok[2], lang):
            lemma = name_lemma(tok[2], lang, "Surn")
            if lemma in full:
                people.append(RawPerson(tok[0], tok[1], None, lemma, lang))


def _beats_person(word: str, ids: list[str], lang: str, before: str = "",
                  after: str = "") -> bool:
    """Whether a place reading overrides natasha's PER label: countries, oblasts, big cities
    and Ukrainian towns; small places only without a name reading ('Обама', 'Брод'); a name
    reading with no place preposition before it keeps the person ('якби Сава прийшов')."""
    gaz = get_gazetteer()
    if coordinated_place(before, lang) or coordinated_place(after, lang, after=True):
        return True  # "поблизу Куп'янська та Лимана", "звільнення Куп'янська та Ізюма"
    kinds = name_kinds(word, lang)
    subject = any("Name" in p.tag and p.tag.case == "nomn" for p in parses(word, lang))
    ua_town = "Name" not in kinds and any(  # a surname reading of a Ukrainian town: 'Лиман'
        gaz.places[i].country == "UA" and gaz.places[i].population >= 10_000 for i in ids)
    if kinds & {"Name", "Surn"} and not place_prep(before) and not ua_town and all(
            gaz.places[i].kind == "city" and (subject or gaz.places[i].population < 1_000_000)
            for i in ids):
        return False  # 'Софія вказала' (a name as the subject), but 'повідомили: Києві'

    if any(gaz.places[i].kind != "city" or gaz.places[i].population >= 200_000 or (
            gaz.places[i].country == "UA" and gaz.places[i].population >= 10_000) for i in ids):
        return True
    if name_kinds(word, lang) & {"Name", "Surn", "Patr"}:
        return False
    return any(gaz.places[i].country == "UA" for i in ids)
