"""English person rules: given-name scans, document-level surname consistency, initials.

A surname written once with a given name ("Roberto Duran", "Alan Shearer") names that person
wherever it recurs alone in the same text ("Duran , 45 , takes on", "SHEARER NAMED AS ENGLAND
CAPTAIN"), even where the gazetteer knows a town of that name or spaCy said ORG; only a
country or a city of a million keeps its place reading.
"""

from __future__ import annotations

import re
from typing import Any

from .common import WORD, Cand, overlaps
from .en_demonyms import demonym_country
from .en_names import first_names
from .en_places import hard_wrapped, lower_words
from .en_sports import list_people
from .gazetteer import get_gazetteer
from .people import RawPerson, is_first_name
from .places import lookup_place, population

_INITIALS = re.compile(r"(?<![\w.])(?P<i>(?:[A-Z]\. ?){1,2})"
                       r"(?P<s>(?:(?:de|van|von|da|di|le|la|du|der|den) )?"
                       r"[A-Z](?:[a-z]|'[A-Z])[\w']*(?:-[A-Z][\w']+)?)\b")
_NOT_INITIALS = {"U.S.", "U.K.", "U.N.", "E.U.", "N.Y.", "D.C.", "L.A.", "S.A.", "U.A.E."}
# words that end a name run: organizations, events, facilities after a given name
_NOT_SURNAME = {
    "Inc", "Corp", "Co", "Ltd", "Group", "Bank", "University", "College", "Airport", "Street",
    "Cup", "League", "Club", "Stadium", "Park", "Award", "Prize", "Foundation", "Institute",
    "Hospital", "Church", "Party", "Hotel", "Center", "Centre", "Square", "Hall", "Road",
    "House", "Avenue", "Bridge", "Island", "Islands", "River", "Lake", "Mountain", "County",
    "School", "Trophy", "Open", "Classic", "Games", "Day", "Fund", "Trust", "Associates",
    "Holdings", "Airlines", "Motors", "Communications", "Records", "Press", "News", "Times",
    "Post", "Journal", "Television", "Radio", "Democrats", "Republicans", "Christian",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Report", "Agency", "Council", "Ministry", "Senate", "Court"}

# words that make a capitalized run a company, not a person
CORPORATE = re.compile(r"\b(?:Inc|Corp|Co|Ltd|Plc|PLC|Group|Bros|SpA|AG|SA|NV|BV|GmbH|AB|Holdings|"
                       r"Controls|Motors?|Industries|Fields|Bancorp|Bancshares|Financial|Capital|"
                       r"Partners|Associates|Systems|Technologies|Airways|Airlines|Securities)\b")
# Census given names that are more often a month, a rank, a surname or a common word
_NOT_GIVEN = {"January", "February", "March", "April", "May", "June", "July", "August",
              "Major", "Royal", "Young", "Sterling", "Christian", "General", "Jackson", "Carter",
              "Marshall", "Grant", "Chase", "Lane", "Miles", "Will", "Rich", "Price", "Star",
              "Golden", "Summer", "Winter", "Autumn", "Hope", "Faith", "Joy", "Ward", "Warren"}
# capitalized words of scorecards and tables that spaCy takes for people
NOT_PEOPLE = {"Extras", "Total", "Totals", "Attendance", "Scorer", "Scorers", "Bowling",
              "Stadium", "League", "Result", "Results", "Standings", "Briton", "Britons",
              "Halftime", "Referee", "Ashes", "Revs", "Shr", "Shrs", "Avg", "Oper", "Qtr", "Qtly",
              "Net", "Div", "Pay", "Record", "Death", "God", "Hutu", "Hutus", "Tutsi", "Tutsis",
              "Kurd", "Kurds", "Catholic", "Catholics", "Muslim", "Muslims", "Christian",
              "Christians", "Jew", "Jews", "Arab", "Arabs", "Sikh", "Sikhs", "Hindu", "Hindus",
              "Qualifier", "Qualifiers", "Celsius", "Fahrenheit", "Chg", "Newsroom", "Desk"}

_VERBS = r"(?:said|says|told|added|asked|insisted|explained|noted|replied|admitted)"
_SPEAKER = re.compile(rf'[,.?!] ?" ?(?P<a>[A-Z][a-z][\w\'-]*) {_VERBS}\b'
                      rf'|[,.?!] ?" ?{_VERBS} (?P<b>[A-Z][a-z][\w\'-]*) ?[.,]')
_TITLE_WORDS = {"President", "Prime", "Minister", "Coach", "Captain", "Mr", "Mrs", "Ms", "Dr",
                "Sir", "Lord", "Lady", "King", "Queen", "Prince", "Princess", "General", "Senator",
                "Governor", "Judge", "Pope", "Sheikh", "Chancellor", "Mayor", "Secretary",
                "Premier", "Father", "Sister", "Brother", "Saint", "St", "Rev", "Bishop",
                "Cardinal", "Colonel", "Major", "Sergeant", "Commander", "Chairman", "Director",
                "Manager", "Striker", "Defender", "Midfielder", "Goalkeeper", "Champion", "Star",
                "Leader", "Speaker", "Deputy", "Vice", "Former", "Ambassador", "Attorney"}


def extend_left(text: str, people: list, taken: list[tuple[int, int]]) -> None:
    """'Romesh Kaluwitharana', 'Tino Martinez': a lone surname takes the capitalized word
    right before it as its given name when that word is nothing else (no place, title,
    common word or other entity)."""
    lower = lower_words(text)
    for p in people:
        if p.given is not None or (" " in text[p.start:p.end] and not _PARTICLE.match(
                text, p.start)):
            continue
        m = _BEFORE.search(text, max(0, p.start - 30), p.start)
        if not m:
            continue
        word = m[1]
        if (word in _TITLE_WORDS or word in _NOT_SURNAME or word in NOT_PEOPLE
                or word.lower() in lower or _DEMONYM.fullmatch(word) or _strong_place(word, 100_000)
                or overlaps(m.start(1), m.end(1), taken) or (text[:m.start(1)].rstrip()[-1:] in
                ("", ".", "\n", '"', ":") and not given_name(text, word))):
            continue
        p.start, p.given = m.start(1), word


_PARTICLE = re.compile(r"(?:van|von|de|der|den|da|di|del|le|la|du|dos) ")
_BEFORE = re.compile(r"(?<![\w.'-])([A-Z][a-z][\w'-]*) $")
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ch|i)")


def given_name(text: str, word: str) -> bool:
    """A capitalized given name: the curated table, or the Census list when the word is not
    also written in lower case in the text ('Will', 'Grant', 'Hope')."""
    if not word[:1].isupper() or word.isupper():
        return False
    if is_first_name(word):
        return True
    return (word in first_names() and word not in _NOT_GIVEN
            and word.lower() not in lower_words(text))


def _surname_ok(text: str, word: str) -> bool:
    """A capitalized word that can end a person's name."""
    return (word[:1].isupper() and not word.isupper() and word not in _NOT_SURNAME
            and not CORPORATE.fullmatch(word)
            and word.lower() not in lower_words(text) and not _strong_place(word))


def _strong_place(word: str, size: int = 1_000_000) -> bool:
    """A country or a city of a million: keeps its place reading even as someone's surname."""
    gaz = get_gazetteer()
    return any(gaz.places[i].kind == "country" or population(gaz, i) >= size
               for i in lookup_place(word, "en"))


def add_list_people(text: str, zones: list[tuple[int, int]], cands: list[Cand],
                    people: list) -> None:
    """People of sports line-ups, results tables and scorecards (see `list_people`)."""
    held = [(c.start, c.end) for c in cands if c.priority <= 1] + [
        (p.start, p.end) for p in people]
    for s, e, words in list_people(text, zones, lower_words(text),
                                   lambda w: _strong_place(w, 100_000 if " " in w else 10**12)):
        if len(words) > 1 and not given_name(text, words[0]) and _strong_place(words[-1], 50_000):
            continue  # 'Feyenoord Rotterdam', 'Hansa Rostock': a club named with its town
        if not overlaps(s, e, held):
            given = words[0] if len(words) > 1 else None
            people.append(RawPerson(s, e, given, words[-1], "en", True))
            held.append((s, e))


def name_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) of 'Given Surname' and 'Given Middle Surname' runs."""
    toks = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]
    gaps = (" ", "\n") if hard_wrapped(text) else (" ",)
    out = []
    i = 0
    while i < len(toks):
        s, _, word = toks[i]
        if not given_name(text, word):
            i += 1
            continue
        j = i
        while (j + 1 < len(toks) and j - i < 2 and text[toks[j][1]:toks[j + 1][0]] in gaps
               and _surname_ok(text, toks[j + 1][2])):
            j += 1
        if j > i and not lookup_place(text[s:toks[j][1]], "en"):
            out.append((s, toks[j][1], [t[2] for t in toks[i:j + 1]]))
        i = j + 1
    return out


def full_name_surnames(text: str, doc: Any) -> set[str]:
    """Surnames written with a given name somewhere in the text (spaCy PERSON spans of two or
    more words, or a given name followed by a capitalized word)."""
    found = set()
    for ent in doc.ents:
        words = ent.text.split()
        if ent.label_ == "PERSON" and 1 < len(words) <= 3 and all(
                w[:1].isupper() and not w.isupper() for w in words):
            found.add(words[-1])
    found.update(words[-1] for _, _, words in name_runs(text))
    return {w for w in found if len(w) > 2 and w.isalpha() and not _strong_place(w)}


_FIRM_AFTER = re.compile(r"\b([A-Z][a-z]\w+)(?: 's)? (?:said it|says it|shares|stock|Inc|Corp|Co|"
                         r"Ltd|Plc|SA|AG|NV|officials|spokesman|spokeswoman|chairman|plans)\b")


def company_words(text: str) -> set[str]:
    """Capitalized words the text treats as a company: 'Magna said it', 'Cofinec shares'."""
    return {m[1] for m in _FIRM_AFTER.finditer(text)}


def voted_names(text: str, doc: Any) -> set[str]:
    """Single words spaCy labels PERSON in the text and never ORG or a place (nor are they a
    place, a company or a given name): the text's other mentions of them are that person."""
    votes: dict[str, list[int]] = {}
    for ent in doc.ents:
        word = ent.text.strip()
        if " " in word or not word[:1].isupper() or word.isupper() or not word.isalpha():
            continue
        pair = votes.setdefault(word, [0, 0])
        if ent.label_ == "PERSON":
            pair[0] += 1
        elif ent.label_ in ("ORG", "GPE", "LOC", "FAC", "NORP"):
            pair[1] += 1
    return {w for w, (yes, no) in votes.items() if yes and not no
            and w not in NOT_PEOPLE and not CORPORATE.fullmatch(w) and not lookup_place(w, "en")
            and not w.endswith("shire")
            and not is_first_name(w) and not demonym_country(w)
            and w not in company_words(text)}


def scan_people(text: str, places: list, cands: list[Cand], people: list,
                extra: frozenset[str] = frozenset()) -> None:
    """Names spaCy missed: a given name plus capitalized surname, initials plus surname
    ('P. Simmons'), and every lone mention (also in capitals) of a surname of a full name."""
    taken = [(c.start, c.end) for c in cands] + [(p[0], p[1]) for p in places]
    taken += [(p.start, p.end) for p in people]
    for s, e, words in name_runs(text):
        if not overlaps(s, e, taken):
            people.append(RawPerson(s, e, words[0], words[-1], "en"))
            taken.append((s, e))
    firm = [(c.start, c.end) for c in cands if c.priority <= 1] + [(p[0], p[1]) for p in places
                                                                    if p[3] <= 3]
    firm += [(p.start, p.end) for p in people]
    for m in _INITIALS.finditer(text):  # "P. Simmons", "J.R. Smith" (beats an NER ORG label)
        if m["i"].replace(" ", "") in _NOT_INITIALS or overlaps(m.start(), m.end(), firm):
            continue
        people.append(RawPerson(m.start(), m.end(), None, m["s"], "en", True))
        taken.append((m.start(), m.end()))
    held = [(c.start, c.end) for c in cands if c.priority <= 1] + [
        (p.start, p.end) for p in people]
    speakers = set()
    for m in _SPEAKER.finditer(text):  # '" Tarango said', ', " said Webber .'
        g = "a" if m["a"] else "b"
        word = m[g]
        if (word not in _NOT_SURNAME and word not in NOT_PEOPLE and not _strong_place(word, 15000)
                and not overlaps(m.start(g), m.end(g), held)):
            people.append(RawPerson(m.start(g), m.end(g), None, word, "en", True))
            speakers.add(word)
    surnames = {p.surname for p in people if p.given and not _strong_place(p.surname)}
    caps = {s for s in surnames if len(s) > 3}  # only full names' surnames recur in capitals
    surnames |= {w for w in speakers if w not in first_names()} | extra
    if not surnames:
        return
    spelled = {s: s for s in surnames} | {s.upper(): s for s in caps}
    rx = re.compile(r"(?<![\w.'-])(?:" + "|".join(re.escape(s) for s in spelled) + r")(?![\w-])")
    # NER orgs of one word give way; 'Mercantile Bancorp Inc.' keeps its 'Mercantile'
    held = [(c.start, c.end) for c in cands if c.priority <= 1 or (
        c.type == "org" and " " in text[c.start:c.end])]
    held += [(p.start, p.end) for p in people]
    held += [(p[0], p[1]) for p in places if p[3] <= 1]
    for m in rx.finditer(text):
        if not overlaps(m.start(), m.end(), held):
            people.append(RawPerson(m.start(), m.end(), None, spelled[m.group(0)], "en", True))
