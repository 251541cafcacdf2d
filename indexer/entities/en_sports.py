"""English sports text: stories about sport, clubs named after places, results-table people.

Sports pages name clubs after their towns ("Somerset 83", "Leicestershire beat Somerset",
"Newcastle team mate", "Pohang 3 Ulsan 2"): there the town is the club (an organization),
while a country stays a place ("Romania beat Lithuania": national teams are tagged as places
in CoNLL-2003 and a reader filtering on Romania wants them). Stories are cut at ALL-CAPS
headline lines; a story is about sport when its headline names a sport or sports words are
dense in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .common import Cand, overlaps
from .gazetteer import get_gazetteer
from .orgs import org_id

_SPORT_HEAD = re.compile(
    r"^\W*(?:SOCCER|FOOTBALL|CRICKET|BASEBALL|TENNIS|GOLF|CYCLING|ATHLETICS|RUGBY|BASKETBALL|"
    r"SQUASH|MOTOR|RALLY|BOXING|HORSE|BADMINTON|MOTOCROSS|MOTORCYCLING|SWIMMING|HOCKEY|ICE "
    r"HOCKEY|ROWING|NFL|NBA|NHL|SKIING|SAILING|YACHTING|JUDO|WRESTLING|VOLLEYBALL|HANDBALL|"
    r"OLYMPICS|SPORT)\b", re.I)
_SPORT_WORDS = re.compile(
    r"\b(?:beat|beats|match|matches|goals?|scored|scorers?|innings|wickets?|league|season|coach|"
    r"striker|midfielder|defender|goalkeeper|cup|championships?|champions?|tournament|halftime|"
    r"bowl(?:ed|er|ing)|batsman|seeded|seeding|soccer|tennis|golf|cricket|rugby|club|clubs|"
    r"players?|defeat(?:ed)?|victory|draw|drew|points|standings|played|win|won|title|semi-final|"
    r"quarter-final|final|race|stage|lap|par|birdie|inning|pitcher|homer|runs|test|captain|"
    r"squad|fixtures?|transfer|penalty|kick|referee|medal|sets?|singles|doubles|division|"
    r"schedule|pct)\b", re.I)
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|across|of|from|to|into|In|At)\s+(?:the\s+)?$")
_DATE_AFTER = re.compile(r"\s*(?:,\s*[A-Z][\w.]*\.?\s*)?(?:\d{4}-\d\d-\d\d|\(|,\s*[A-Z])")
_CLUB_BEFORE = (r"Dynamo|Dinamo|Spartak|Lokomotiv|Torpedo|Rotor|Zenit|Real|Atletico|Sporting|"
                r"Inter|AC|AS|FC|SC|SV|VfB|VfL|Borussia|Eintracht|Hertha|Bayern|Olympique|Racing|"
                r"Red Star|Standard|Sparta|Slavia|Steaua|Rapid|Austria|Ajax|PSV|Hapoel|Maccabi|"
                r"Partizan|Legia|Widzew|Ferencvaros|Galatasaray|Deportivo|Celta|Athletic|Slovan")
_CLUB_AFTER = (r"United|City|Rovers|Athletic|Wanderers|County|Town|FC|Albion|Hotspur|Rangers|"
               r"Celtic|Thistle|Villa|Forest|Palace|Wednesday|Orient|Argyle|Alexandra|Stanley|"
               r"Dons|Academicals|Hearts|Utd|Blue Jays|Red Sox|White Sox|Yankees|Mets|Giants|"
               r"Dodgers|Braves|Cubs|Cardinals|Pirates|Reds|Astros|Padres|Marlins|Rockies|"
               r"Expos|Phillies|Orioles|Indians|Tigers|Royals|Twins|Brewers|Mariners|Rangers|"
               r"Angels|Athletics|Bulls|Lakers|Knicks|Celtics|Saints|Warriors|Sharks|Broncos")
_CLUB_HEAD = re.compile(rf"({_CLUB_BEFORE}) ")
_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"
_CLUB = re.compile(rf"\b(?:(?:{_CLUB_BEFORE}) {_NAME}|{_NAME} (?:{_CLUB_AFTER}))\b")
_TEAM_BEFORE = re.compile(
    r"(?:\b(?:beat|beats|v|vs\.?|against|joined|join|dismiss|dismissed|bowling|reducing|"
    r"face|faces|host|hosts|behind|rivals|defeated|over|with|for|and|or|AT)|[,:;]|\d)\s+$")
_TEAM_AFTER = re.compile(
    r"^(?:\s+(?:(?:\d+(?:[-.]\d+)*)(?!\d*-\d\d-\d\d)(?=[\s,;.)]|$)|beat\b|beats\b|drew\b|lost\b|"
    r"won\b|captain\b|coach\b|manager\b|skipper\b|striker\b|midfielder\b|defender\b|team\b|"
    r"goalkeeper\b|reached\b|closed\b|declared\b|scored\b|AT\b|and\b|or\b|,|'s)|,|$)")
# 'Tanja Damaske ( Germany ) 66.60', 'Leah Pells (Canada) 4:09.95': a results list
# ... and '14 - Justin Swart ,': a line-up
_RESULT = re.compile(r"[A-Z][a-z]+ \( ?[A-Z][\w.]*(?: [A-Z]\w*)? ?\) \d"
                     r"|\b\d{1,2} - [A-Z][a-z]+ [A-Z][a-z]+ [,;(]")
_TABLE_LINE = re.compile(r"(?:\b\d+(?:[-./]\d+)*\b.*){4}")


def sports_zones(text: str) -> list[tuple[int, int]]:
    """Character spans of the stories in a text that are about sport."""
    stories: list[list[int]] = []  # [start, end, headline is a sport, has a table]
    pos = 0
    for line in text.split("\n"):
        letters = [ch for ch in line if ch.isalpha()]
        caps = len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
        head = bool(_SPORT_HEAD.match(line))
        # a caps line opens a story unless it is a table row or a subheading ('AMERICAN
        # LEAGUE', 'EASTERN DIVISION') inside a sports story
        table = bool(_TABLE_LINE.search(line))
        if not stories or (caps and not table and (
                head or not (stories[-1][2] or stories[-1][3]) or line.rstrip().endswith("."))):
            stories.append([pos, pos, int(head), 0])
        elif table:
            stories[-1][3] = 1  # a table: its subheadings ('EASTERN DIVISION') stay in the story
        stories[-1][1] = pos + len(line)
        pos += len(line) + 1
    zones = []
    for start, end, sport, _ in stories:
        body = text[start:end]
        words = max(1, len(body.split()))
        hits = len(_SPORT_WORDS.findall(body))
        if sport or (hits >= 3 and hits * 25 >= words) or len(_RESULT.findall(body)) >= 3 or (
                len(_TABLE_LINE.findall(body)) >= 3 and hits >= 1):
            zones.append((start, end))
    return zones


def club_spans(text: str) -> list[tuple[int, int]]:
    """Club names built from a place: 'Manchester United', 'Dynamo Moscow', 'Red Star'."""
    return [(m.start(), m.end()) for m in _CLUB.finditer(text)]


def team_places(text: str, places: list, zones: list[tuple[int, int]],
                persons: set[str]) -> tuple[list, list[Cand]]:
    """Split place readings into places and clubs: in a sports story a town or region (never
    a country) that is not after 'in'/'at' nor a dateline, and sits in a team context, is a
    club. Returns (places kept, org candidates)."""
    if not zones:
        return places, []
    gaz = get_gazetteer()
    kept, orgs = [], []
    for s, e, ids, prio in places:
        name = text[s:e]
        if (prio <= 1 or not overlaps(s, e, zones) or name in persons
                or any(gaz.places[i].kind == "country" for i in ids)
                or not team_context(text, s, e)):
            kept.append((s, e, ids, prio))
            continue
        oid, label = org_id(name.title() if name.isupper() else name, "en")
        orgs.append(Cand(s, e, "org", oid, label, 3))
    return kept, orgs


def team_context(text: str, start: int, end: int) -> bool:
    """True when the words around a name read as a team's: 'beat X', 'X 83', 'X captain'."""
    return not (_LOCATIVE.search(text[max(0, start - 12):start]) or _dateline(text, start, end)
                ) and bool(_TEAM_BEFORE.search(text[max(0, start - 12):start])
                           or _TEAM_AFTER.match(text[end:end + 14]))


def club_word(text: str, start: int, end: int, ids: list[str]) -> bool:
    """A name in a sports story that is a club named after its town or county ('Kent 108-3',
    'Derbyshire 471'): a known town or region (not a country) or a '-shire', in a team context."""
    name = text[start:end]
    gaz = get_gazetteer()
    if any(gaz.places[i].kind == "country" for i in ids) or len(name.split()) > 2:
        return False
    return bool(ids or name.lower().endswith("shire")) and team_context(text, start, end)


def _dateline(text: str, start: int, end: int) -> bool:
    """True for the place of a dateline: 'LONDON 1996-08-30', 'NICE , France 1996-08-30'."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_DATE_AFTER.match(text, end)) and (
        text[start:end].isupper() or text[end:end + 3].strip().startswith(","))


def same_teams(text: str, cands: list[Cand], zones: list[tuple[int, int]],
               surnames: set[str]) -> list[Cand]:
    """A name read as a club once in a sports story is that club at its other mentions there
    too ('Kent 108-3' ... 'By stumps Kent had reached'), unless it follows 'in'/'at'."""
    gaz = get_gazetteer()
    teams = {text[c.start:c.end].lower() for c in cands if c.type == "org"
             and overlaps(c.start, c.end, zones) and len(text[c.start:c.end].split()) <= 2
             and (text[c.start:c.end].lower().endswith("shire") or c.id in _place_slugs(
                 text[c.start:c.end]))}
    teams |= {m[1].lower() for c in cands if c.type == "org" and c.priority <= 1
              and (m := _CLUB_HEAD.match(text, c.start, c.end))}  # 'Deportivo Coruna'
    if not teams:
        return cands
    out = []
    for c in cands:
        name = text[c.start:c.end]
        if (c.type in ("person", "place") and name.lower() in teams and name not in surnames
                and overlaps(c.start, c.end, zones) and " " not in c.name.strip()
                and not (c.type == "place" and gaz.places[c.id].kind == "country")
                and not _LOCATIVE.search(text[max(0, c.start - 12):c.start])):
            oid, label = org_id(name.title() if name.isupper() else name, "en")
            c = Cand(c.start, c.end, "org", oid, label, c.priority)
        out.append(c)
    return out


def _place_slugs(name: str) -> set[str]:
    """The org ids a place name takes when it names a club (non-empty when it is a place)."""
    from .places import lookup_place

    if not lookup_place(name.title() if name.isupper() else name, "en"):
        return set()
    return {org_id(name.title() if name.isupper() else name, "en")[0]}


_TOK = r"(?:Mc|Mac|De|Le|La|O'|D')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*"
_RUN = re.compile(rf"(?<![\w'-]){_TOK}(?: (?:(?:de|van|der|den|del|da|di|von|le|la|dos|du|ten|"
                  rf"ter|el|al|bin) )*{_TOK}){{1,2}}(?![\w'-])")
_LIST_BEFORE = re.compile(r"(?:^|\n|[-,:;(]|\d\.?|\bbeat|\bbeats|\band|\b[cb]|\bst)\s*$")
_LIST_AFTER = re.compile(r"^\s*(?:$|\n|[,;.()]|\d|beat\b|and\b)")
_NAME_LIST = re.compile(rf"(?<=: )(?:{_TOK} , ){{3,}}{_TOK}(?= [.;]| and\b)")
_SCORE_THEN_TEAM = re.compile(r" \d{1,2} [A-Z][a-z]+(?: [A-Z][a-z]+)? \d{1,2}\b")
_EVENT = {"Cup", "League", "Games", "Prix", "Grand", "Open", "Championship", "Championships",
          "Trophy", "Classic", "Masters", "Tour", "Stadium", "Park", "Series", "World", "National",
          "Premier", "Division", "Olympic", "Olympics", "Test", "Club", "Team", "Cricket",
          "Football", "Soccer", "Tennis", "Golf", "Rugby", "Association", "Federation", "Union",
          "Committee", "Council", "Group", "Stage", "Round", "Final", "Record", "Women",
          "Men", "Junior", "Senior", "Under", "North", "South", "East", "West", "New", "Saint"}
_SCORECARD = re.compile(r"(?:(?<=\bc )|(?<=\bb )|(?<=\bst )|(?<=\blbw b )|(?<=\bc & b ))"
                        r"((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Za-z]+)*)\b(?! [A-Z])"
                        r"|((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Za-z]+)*)(?= \d+(?:\.\d)?-\d+-\d+-\d+)")


def list_people(text: str, zones: list[tuple[int, int]], lower: frozenset[str],
                is_place: Callable[[str], bool]) -> list[tuple[int, int, list[str]]]:
    """Names in sports line-ups, results and scorecards: a run of two or three capitalized words
    between list delimiters ('4 - Laurent Blanc ,', 'beat Mikael Tillstrom ( Sweden )'), and
    scorecard surnames ('c Healy b Fleming', 'Gough 8-0-39-3'). (start, end, words)."""
    out = []
    for zs, ze in zones:
        for m in _RUN.finditer(text, zs, ze):
            words = m.group(0).split()
            caps = [w for w in words if w[:1].isupper()]
            if (any(w in _EVENT or w.lower() in lower for w in caps)
                    or not _LIST_BEFORE.search(text[max(0, m.start() - 8):m.start()])
                    or not _LIST_AFTER.match(text[m.end():m.end() + 6])
                    or _SCORE_THEN_TEAM.match(text, m.end())  # 'Greenock Morton 1 Falkirk 0'
                    or is_place(m.group(0)) or any(is_place(w) for w in caps)):
                continue
            out.append((m.start(), m.end(), words))
        for m in _NAME_LIST.finditer(text, zs, ze):  # 'Given , Breen , Staunton , Irwin'
            words = [(x.start(), x.end(), x.group(0)) for x in re.finditer(_TOK, m.group(0))]
            if not any(is_place(w) or w in _EVENT for _, _, w in words):
                out.extend((m.start() + a, m.start() + b, [w]) for a, b, w in words
                           if w.lower() not in lower)
        for m in _SCORECARD.finditer(text, zs, ze):
            g = 1 if m.group(1) else 2
            word = m.group(g)
            if word.lower() not in lower and not is_place(word) and word not in _EVENT:
                out.append((m.start(g), m.end(g), [word]))
    return out
