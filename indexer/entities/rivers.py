"""Rivers whose names are also city names (the Dnipro): context decides river or city."""

from __future__ import annotations

import re
from dataclasses import replace

from .common import Cand

# (id, display name, lat, lon, country, name regex in any language, city id sharing the name)
RIVERS: list[tuple[str, str, float, float, str, str, str | None]] = [
    ("river-dnipro", "Dnipro River", 47.3, 34.0, "UA",
     r"Dnipro|Dnieper|Dnepr|Дніпр(?:о|а|у|ом|і)|Днепр(?:а|у|ом|е)?", "709930"),
    ("river-dnister", "Dnister River", 46.9, 29.2, "UA",
     r"Dniester|Dnister|Dnestr|Дністр(?:а|у|ом|і)?|Дністер|Днестр(?:а|у|ом|е)?", None),
    ("river-siverskyi-donets", "Siverskyi Donets River", 49.0, 37.6, "UA",
     r"Siverskyi Donets|Seversky Donets|Сіверськ\w* Дон\w*|Северск\w* Дон\w*", None),
]
_RIVER_WORD = r"(?:[Rr]iver|річк\w*|рік\w*|рек\w*|рік)"
_BANK = (r"(?:(?:left|right|east|west|eastern|western|opposite|other) bank of|across|crossing|"
         r"лів\w*|прав\w*|східн\w*|західн\w*|протилежн\w*|лев\w*|восточн\w*|западн\w*)")
_WATER_TOPIC = re.compile(r"(?i)(?<!\w)(?:dam|reservoir|hydroelectric|hydropower|flood\w*|"
                          r"ГЕС|ГЭС|водосховищ\w*|водохранилищ\w*|дамб\w*|плотин\w*|"
                          r"повін\w*|наводнен\w*|паводк\w*)(?!\w)")
_CITY_CUE = re.compile(r"(?:city|місто|місті|міста|м\.|город\w*|г\.)\s*$", re.I)


def _patterns() -> list[tuple[re.Pattern[str], re.Pattern[str], int]]:
    """(explicit-river regex, bare-name regex, river index) per river."""
    out = []
    for i, (_, _, _, _, _, names, _) in enumerate(RIVERS):
        explicit = re.compile(
            rf"(?:\bthe\s+(?P<a>{names})(?:\s+{_RIVER_WORD})?\b"
            rf"|(?<!\w)(?P<b>{names})\s+{_RIVER_WORD}"
            rf"|(?<!\w){_RIVER_WORD}\s+(?P<c>{names})(?!\w)"
            rf"|(?<!\w){_BANK}\s+(?:берег\w*\s+|bank of\s+)?(?:the\s+)?(?:{_RIVER_WORD}\s+)?"
            rf"(?P<d>{names})(?!\w)"
            rf"|(?<!\w)берег\w*\s+(?:{_RIVER_WORD}\s+)?(?P<e>{names})(?!\w)"
            rf"|(?<!\w)(?:через|за|на)\s+(?P<f>Дніпро|Днепр|Дніпрі|Днепре)(?!\w))")
        bare = re.compile(rf"(?<!\w)(?:{names})(?!\w)")
        out.append((explicit, bare, i))
    return out


_COMPILED: list = []


def river_cands(text: str, cands: list[Cand]) -> list[Cand]:
    """Retag city mentions as rivers by context; add explicit river mentions NER missed."""
    if not _COMPILED:
        _COMPILED.extend(_patterns())
    out = list(cands)
    for explicit, bare, i in _COMPILED:
        if not bare.search(text):
            continue
        rid, name, lat, lon, country, _, city = RIVERS[i]
        spans = []
        for m in explicit.finditer(text):
            group = next(g for g in "abcdef" if m.group(g))
            spans.append((m.start(group), m.end(group)))
        if not spans and city is None:
            spans = [(m.start(), m.end()) for m in bare.finditer(text)]
        if not spans and not (city and _WATER_TOPIC.search(text)):
            continue
        # the text is about the river: bare mentions are the river unless a city cue precedes
        city_cued = any(_CITY_CUE.search(text[max(0, m.start() - 12):m.start()])
                        for m in bare.finditer(text))
        river = Cand(0, 0, "place", rid, name, 1, lat, lon, country)
        explicit_set = set(spans)
        for m in bare.finditer(text):
            if (m.start(), m.end()) in explicit_set:
                continue
            if not _CITY_CUE.search(text[max(0, m.start() - 12):m.start()]) and not city_cued:
                spans.append((m.start(), m.end()))
        for k, c in enumerate(out):
            if c.type == "place" and (c.start, c.end) in spans:
                conf = 1.0 if (c.start, c.end) in explicit_set else 0.7
                out[k] = replace(river, start=c.start, end=c.end, priority=c.priority,
                                 confidence=conf)
        have = {(c.start, c.end) for c in out}
        out.extend(replace(river, start=s, end=e) for s, e in explicit_set if (s, e) not in have)
    return out


def river_ids(text: str) -> list[str]:
    """River ids for a typed name that says it is a river ('Dnipro river', 'річка Дніпро')."""
    if not _COMPILED:
        _COMPILED.extend(_patterns())
    for explicit, _, i in _COMPILED:
        m = explicit.fullmatch(text.strip())
        if m or (RIVERS[i][6] is None and _COMPILED[i][1].fullmatch(text.strip())):
            return [RIVERS[i][0]]
    return []
