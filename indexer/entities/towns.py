"""Towns are places even where a rule made them a person or an org, or found nothing.

A sentence-initial Ukrainian town ('Миколаїв знову під обстрілом', 'Куп'янськ ...') reads
as a given name, an org or no name at all; this pass over an extraction's mentions turns
a one-word person or org mention that is the exact name of a town (Ukrainian above
`UA_TOWN`, elsewhere above `CITY`) into that place, and adds the capitalized words no
mention covers that name such a town and that the dictionary does not know as a common
word (a place name, or no word at all: 'Вугледар', 'Угледар').
"""

from __future__ import annotations

import re

from ..article import Mention
from .common import WORD
from .gazetteer import get_gazetteer
from .normalize import norm_alias
from .places import PlaceCandidate, choose

UA_TOWN = 10_000
CITY = 500_000


def _town_ids(word: str, lang: str) -> list[str]:
    """Ids of towns whose exact name (any script) the word is, big enough to trust."""
    gaz = get_gazetteer()
    ids = gaz.aliases.get(norm_alias(word), [])
    return [i for i in ids if gaz.places[i].kind == "city" and gaz.places[i].population >= (
        UA_TOWN if gaz.places[i].country == "UA" else CITY)]


def _common_word(word: str, lang: str) -> bool:
    """Whether the uk/ru dictionary knows the word as something other than a place."""
    from .morph import is_known, parses

    if lang not in ("uk", "ru") or not is_known(word, lang):
        return False
    return not any("Geox" in p.tag for p in parses(word, lang))


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
    out = []
    for m in mentions:
        ids = _town_ids(m.text, lang) if m.type in ("person", "org") and re.fullmatch(
            r"[^\W\d_][\w']+", m.text) else []
        out.append(_place(m.text, m.start, m.end, ids, lang) if ids else m)
    if lang in ("uk", "ru"):
        for tok in WORD.finditer(text):
            word = tok.group(0)
            if not word[:1].isupper() or word.isupper() or any(
                    m.start < tok.end() and tok.start() < m.end for m in out):
                continue
            ids = _town_ids(word, lang)
            if ids and not _common_word(word, lang):
                out.append(_place(original[tok.start():tok.end()], tok.start(), tok.end(),
                                  ids, lang))
    out.sort(key=lambda m: (m.start, m.end))
    return out


__all__ = ["town_mentions"]
