"""What an English person facet must never hold (issue 28.5): pronouns ('He'), parties
('Labour', 'Lib Dems'), clubs and cities ('Liverpool', 'Manchester United'), awards
('Oscar'), demonyms ('Welsh') and German common nouns ('Kupferleitung'). A pass over an
extraction's mentions: a party, club or city becomes an organization, the rest is dropped;
labels are decoded ('Blair&#191;s' is Blair)."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from ..article import Mention
from .en_demonyms import demonym_country
from .gazetteer import get_gazetteer
from .normalize import norm_alias
from .orgs import org_id
from .people import person_id

PRONOUNS = frozenset({
    "he", "she", "it", "they", "we", "you", "i", "him", "her", "his", "hers", "them", "their",
    "us", "me", "my", "our", "its", "who", "one", "mr", "mrs", "ms", "sir"})
PARTIES = frozenset({
    "labour", "tory", "tories", "conservative", "conservatives", "lib dem", "lib dems",
    "liberal democrat", "liberal democrats", "libdems", "snp", "ukip", "plaid cymru",
    "greens", "sinn fein", "democrats", "republicans", "new labour", "old labour"})
AWARDS = frozenset({"oscar", "oscars", "grammy", "grammys", "emmy", "emmys", "bafta",
                    "baftas", "brit", "brits", "golden globe", "golden globes", "tony"})
_CLUB = re.compile(r"\b(?:United|City|Rovers|Athletic|Wanderers|Albion|Hotspur|Villa|"
                   r"Rangers|Celtic|Town|Palace|Forest|FC|Saracens|Harlequins|Wasps)$")
_GERMAN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:ung|heit|keit|schaft|ismus|tät|ungen|lich)$")
# nations of the UK and their people, which the demonym table files under one country
NATIONS = frozenset({"welsh", "scottish", "scots", "scot", "english", "irish", "british",
                     "brit", "britons", "cornish", "ulster"})
CITY = 100_000


def _city(text: str) -> bool:
    """A city of `CITY` people or a country, named alone ('Liverpool', 'Chelsea' aside)."""
    gaz = get_gazetteer()
    return any(gaz.places[i].kind == "country" or gaz.places[i].population >= CITY
               for i in gaz.aliases.get(norm_alias(text), ()))


def clean_label(name: str) -> str:
    """A display name with HTML entities decoded and a possessive removed: 'Blair&#191;s'
    (an apostrophe written as the character 191 in the BBC texts) -> 'Blair'."""
    text = html.unescape(name)
    text = re.sub(r"(?<=\w)[¿’'`´]s?$", "", text)
    return text.strip(" .,;:\"'()")


def clean_people(mentions: list[Mention]) -> list[Mention]:
    """English mentions with non-people removed from the person type (see module)."""
    full = {m.name.split()[-1]: m for m in mentions if m.type == "person" and " " in m.name}
    out = []
    for m in mentions:
        if m.type != "person":
            out.append(m)
            continue
        written = clean_label(m.text)
        low = re.sub(r"\s+", " ", written.lower())
        one = " " not in low
        if low in PRONOUNS or low in AWARDS or low in NATIONS or (one and (
                _GERMAN.fullmatch(written) or demonym_country(written))):  # 'Welsh'
            continue
        if low in PARTIES or _CLUB.search(written) or (
                one and written not in full and _city(written)):  # 'Marcus Denton' ... 'Denton'
            out.append(replace(m, type="org", id=org_id(written, "en")[0], name=written))
            continue
        if written != m.text and one:  # 'Blair&#191;s': the person 'Blair' of the text
            known = full.get(written)
            pid, name = (known.id, known.name) if known else person_id(None, written, "en")
            out.append(replace(m, id=pid, name=name))
            continue
        name = clean_label(m.name)
        out.append(m if name == m.name else replace(m, name=name))
    return out


_NEXT_WORD = re.compile(r" ([A-Z][a-z][\w']+)\b")


def first_name_orgs(text: str, mentions: list[Mention]) -> list[Mention]:
    """A one-word org that is a first name of the cross-script table followed by a
    capitalized word no mention covers is that person ('Oleksandr' + 'Syrskyi': spaCy tags
    a Slavic first name alone as an ORG and leaves the surname out)."""
    from .en_people import _NOT_SURNAME
    from .people import is_first_name

    out = []
    for m in mentions:
        nxt = _NEXT_WORD.match(text, m.end) if m.type == "org" else None
        if nxt and " " not in m.text and is_first_name(m.text) and not any(
                o.start < nxt.end(1) and nxt.start(1) < o.end for o in mentions) and (
                nxt[1] not in _NOT_SURNAME and not _city(nxt[1])):
            pid, name = person_id(m.text, nxt[1], "en")
            out.append(replace(m, type="person", text=text[m.start:nxt.end(1)],
                               end=nxt.end(1), id=pid, name=name))
        else:
            out.append(m)
    return out
