"""Towns are places even where a rule made them a person or an org, or found nothing.

A sentence-initial Ukrainian town ('Миколаїв знову під обстрілом', 'Куп'янськ ...') reads
as a given name, an org or no name at all; this pass over an extraction's mentions turns
a person or org mention of one or two words that is the exact name of a Ukrainian town above
`UA_TOWN` into that place, and adds (uk/ru) the sentence-initial words no mention covers that
name such a town or a city above `CITY` and that the dictionary does not know as a common
word (a place name, or no word at all: 'Вугледар', 'Угледар', 'Вашингтон').
"""

from __future__ import annotations

import re

from ..article import Mention
from .common import WORD, sentence_initial
from .gazetteer import get_gazetteer
from .normalize import norm_alias
from .places import PlaceCandidate, choose

UA_TOWN = 10_000
CITY = 100_000
_QUOTES = ("«", '"', "„", "“", "'")


def _town_ids(word: str, city: int) -> list[str]:
    """Ids of towns whose exact name (any script) the word is, big enough to trust:
    Ukrainian towns above `UA_TOWN`, others above `city`."""
    gaz = get_gazetteer()
    ids = gaz.aliases.get(norm_alias(word), [])
    return [i for i in ids if gaz.places[i].kind == "city" and gaz.places[i].population >= (
        UA_TOWN if gaz.places[i].country == "UA" else city)]


def _given_name(word: str, lang: str) -> bool:
    """A first name as written ('Софія', 'Sofia'), which stays a person."""
    from .en_names import first_names
    from .people import is_first_name

    if lang not in ("uk", "ru"):
        return word in first_names() or is_first_name(word)
    from .morph import parses

    return any("Name" in p.tag and p.tag.case == "nomn" for p in parses(word, lang))


def _common_word(word: str, lang: str) -> bool:
    """Whether the uk/ru dictionary knows the word as something other than a place."""
    from .morph import is_known, parses

    if lang not in ("uk", "ru") or not is_known(word, lang):
        return False
    return not any("Geox" in p.tag.grammemes for p in parses(word, lang))


def _place(m_text: str, start: int, end: int, ids: list[str], lang: str) -> Mention:
    gaz = get_gazetteer()
    pid, conf = choose([PlaceCandidate(start, end, ids)], lang)[0]
    p = gaz.places[pid]
    return Mention(type="place", text=m_text, start=start, end=end, id=pid, name=p.name,
                   lat=p.lat, lon=p.lon, country=p.country or None, confidence=conf)


def town_mentions(text: str, original: str, lang: str, mentions: list[Mention]
                  ) -> list[Mention]:
    """`mentions` with one-word person/org mentions of towns made places, and uncovered
    town names of the normalized `text` added (uk/ru; their text sliced from `original`,
    of the same length); sorted by start."""
    def quoted(start: int) -> bool:  # «Бориспіль», «Харків»: an airport's or a firm's name
        return text[max(0, start - 1):start] in _QUOTES

    out = []
    for m in mentions:
        ids: list[str] = []
        if m.type in ("person", "org") and not quoted(m.start) and re.fullmatch(
                r"[^\W\d_][\w']+(?: [^\W\d_][\w']+)?", m.text) and not (  # 'Chasiv Yar'
                m.text.isupper() or _given_name(m.text.split()[0], lang)):
            # only a Ukrainian town: 'BOSTON' in a standings table is the team, a lone
            # 'Denton' after 'Marcus Denton' the person
            ids = _town_ids(m.text, 10**12)
        out.append(_place(m.text, m.start, m.end, ids, lang) if ids else m)
    if lang in ("uk", "ru"):
        for tok in WORD.finditer(text):
            word = tok.group(0)
            if not word[:1].isupper() or word.isupper() or quoted(tok.start()) or not (
                    sentence_initial(text, tok.start())) or any(
                    m.start < tok.end() and tok.start() < m.end for m in out):
                continue
            ids = _town_ids(word, CITY)
            if ids and not _common_word(word, lang) and not _given_name(word, lang):
                out.append(_place(original[tok.start():tok.end()], tok.start(), tok.end(),
                                  ids, lang))
    out.sort(key=lambda m: (m.start, m.end))
    return out


__all__ = ["town_mentions"]
