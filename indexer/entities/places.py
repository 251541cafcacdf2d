"""Place lookup (inflected and transliterated forms) and same-name disambiguation."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import product

from .gazetteer import Gazetteer, get_gazetteer
from .morph import lemmas, noun_lemmas
from .normalize import norm_alias, normalize_text

_CYR = re.compile(r"[\u0400-\u04ff]")
COMPARABLE = 3  # namesakes within this factor of population: the text's countries decide
AFTER_WINDOW = 20  # characters: 'Geneva, Illinois', 'Lyman in eastern Ukraine'
REGION_WINDOW = 80  # characters: "Lyman in Donetsk Oblast", "біля Новоселівки на Донеччині"


@dataclass
class PlaceCandidate:
    """A span that names one of several gazetteer places."""

    start: int
    end: int
    ids: list[str]


def cyrillic_lookup(gaz: Gazetteer, words: list[str], language: str) -> list[str]:
    """Ids for a run of Cyrillic words in any case: exact, then pymorphy lemmas of each word."""
    ids = gaz.lookup(" ".join(words), fold=False)
    if ids and (len(words) > 1 or not _lemma_rivals(gaz, words[0], language, ids)):
        return ids
    exact = list(ids)
    langs = ("uk", "ru") if language not in ("uk", "ru") else (language,)
    found: list[str] = []
    if len(words) > 1:  # adjective + noun agree: "Північній Кореї" -> "північна корея"
        from .orgs import org_lemma_text

        for lang in langs:
            ids = gaz.aliases.get(norm_alias(org_lemma_text(words, lang)))
            if ids:
                return ids
    for lang in langs:
        if len(words) == 1:
            options = [noun_lemmas(words[0], lang)]
        else:
            options = [lemmas(w, lang)[:6] for w in words]
            options = [o[:3] for o in options]
            options[0] = (*options[0], *_possessive_bases(words[0]))
        for combo in product(*options):
            for pid in gaz.aliases.get(norm_alias(" ".join(combo)), ()):
                if pid not in found:
                    found.append(pid)
        if found:
            return exact + [i for i in found if i not in exact]
    return exact + found


_POSSESSIVE = re.compile(r"(?i)(.{2,}?)(?:ов|ев|єв)(?:ого|ому|им|ім|ій|ої|ою|ом|ым|ой|у|а|е|і)$")


def _possessive_bases(word: str) -> tuple[str, ...]:
    """Nominatives of an inflected possessive adjective that starts a place name, which the
    dictionary reads as another adjective: uk 'Часовому (Ярі)' <- 'часів', ru 'Часовом
    (Яре)' <- 'часов'."""
    m = _POSSESSIVE.match(normalize_text(word))
    return (f"{m[1].lower()}ів", f"{m[1].lower()}ов", f"{m[1].lower()}ев") if m else ()


def _lemma_rivals(gaz: Gazetteer, word: str, language: str, exact: list[str]) -> bool:
    """Whether a lemma of the word names a place ten times the size of every place the
    surface form names ('Львове' is the village Lvove as written, and Lviv's locative)."""
    biggest = max(population(gaz, i) for i in exact)
    langs = ("uk", "ru") if language not in ("uk", "ru") else (language,)
    return any(population(gaz, pid) > 10 * biggest + 10_000
               for lang in langs for lemma in noun_lemmas(word, lang)[1:]
               for pid in gaz.aliases.get(norm_alias(lemma), ()))


def lookup_place(text: str, language: str) -> list[str]:
    """Ids a place name may denote, in any script, spelling or grammatical case."""
    gaz = get_gazetteer()
    text = text.strip()
    regions = region_spans_slavic(text) if _CYR.search(text) else region_spans_en(text)
    if regions and regions[0][0] == 0 and regions[0][1] >= len(text.rstrip(". ")):
        return regions[0][2]
    words = text.split()
    ids = cyrillic_lookup(gaz, words, language) if _CYR.search(text) else gaz.lookup(text)
    if not ids:
        return []
    low = norm_alias(text)
    region = gaz.region_en.get(re.sub(r"\s+(region|oblast|province)$", "", low))
    if region and re.search(r"\s(region|oblast|province)$", low):
        return [region]
    return ids


def population(gaz: Gazetteer, pid: str) -> int:
    """Population used as a prior (countries and regions count as large)."""
    place = gaz.places[pid]
    if place.kind == "country":
        return max(place.population, 10_000_000)
    if place.kind == "region":
        return 2_000_000
    if pid in getattr(gaz, "capitals", ()):
        return place.population * 10  # 'Washington' in the news is the capital
    return place.population


def choose(cands: list[PlaceCandidate], language: str) -> list[tuple[str, float]]:
    """Pick one id per candidate: country prior from the document, then population."""
    gaz = get_gazetteer()
    home: Counter[str] = Counter()  # the language's prior
    if language in ("uk", "ru"):
        home["UA"] += 1
        home["RU"] += 0.5 if language == "ru" else 0.25
    prior: Counter[str] = Counter()  # countries of the places the text names
    regions: list[tuple[int, str]] = []  # (position, oblast) of oblasts named in the text
    for c in cands:
        countries = {gaz.places[i].country for i in c.ids}
        if len(countries) == 1:
            prior[countries.pop()] += 1
        if len(c.ids) == 1 and gaz.places[c.ids[0]].kind == "region":
            regions.append((c.start, c.ids[0]))
    out: list[tuple[str, float]] = []
    for c in cands:
        if len(c.ids) == 1:
            out.append((c.ids[0], 1.0))
            continue
        near = {r for pos, r in regions if abs(pos - c.start) <= REGION_WINDOW}
        named = _named_after(gaz, cands, c)
        biggest, top = max((population(gaz, i), gaz.places[i].country) for i in c.ids)
        # the countries the text names elsewhere weigh only between namesakes of comparable
        # size: 'США ... у Женеві' is still Geneva (CH), not Geneva (Illinois), nine times
        # smaller, which takes its country or state named right after it ('Geneva, Illinois')
        scored = sorted(((2.0 * (home[gaz.places[i].country] + prior[gaz.places[i].country] * (
                              COMPARABLE * population(gaz, i) >= biggest
                              or gaz.places[i].country == top))
                          + 3.0 * (gaz.places[i].region in near)
                          + 6.0 * (gaz.places[i].country in named)
                          + math.log10(population(gaz, i) + 10), i) for i in c.ids),
                        reverse=True)
        margin = scored[0][0] - scored[1][0]
        out.append((scored[0][1], round(min(0.95, 0.5 + 0.15 * margin), 2)))
    return _one_sense(cands, out)


def _named_after(gaz: Gazetteer, cands: list[PlaceCandidate], c: PlaceCandidate) -> set[str]:
    """Countries of a country or region named right after a place ('Geneva, Illinois',
    'Paris (Texas)', 'Lyman in eastern Ukraine')."""
    return {gaz.places[x.ids[0]].country for x in cands if len(x.ids) == 1
            and 0 < x.start - c.end <= AFTER_WINDOW
            and gaz.places[x.ids[0]].kind in ("country", "region")}


def _one_sense(cands: list[PlaceCandidate], picks: list[tuple[str, float]]
               ) -> list[tuple[str, float]]:
    """One place per name in a document: an ambiguous mention takes the reading that the
    text settles elsewhere ('Лиман' named with Donetsk oblast, then 'під Лиманом' near
    'Харківщині' is still that Lyman)."""
    settled = Counter(c.ids[0] for c in cands if len(c.ids) == 1)
    chosen = Counter(pid for (pid, conf), c in zip(picks, cands, strict=True)
                     if len(c.ids) > 1 and conf >= 0.8)
    out = []
    for c, (pid, conf) in zip(cands, picks, strict=True):
        if len(c.ids) > 1:
            known = [i for i in c.ids if settled[i]] or [
                i for i in c.ids if chosen[i] - (i == pid) >= 2]
            if len(known) == 1 and known[0] != pid:
                pid, conf = known[0], 0.9
        out.append((pid, conf))
    return out


def place_cands(found: list[tuple[int, int, list[str], int]], language: str) -> list:
    """Turn (start, end, ids, priority) place candidates into resolved `Cand`s."""
    from .common import Cand

    gaz = get_gazetteer()
    picks = choose([PlaceCandidate(s, e, ids) for s, e, ids, _ in found], language)
    out = []
    for (start, end, _, prio), (pid, conf) in zip(found, picks, strict=True):
        p = gaz.places[pid]
        out.append(Cand(start, end, "place", pid, p.name, prio, p.lat, p.lon, p.country or None,
                        conf))
    return out


def region_spans_en(text: str) -> list[tuple[int, int, list[str]]]:
    """'the Kharkiv region', 'Donetsk Oblast', 'Kherson province' -> oblast ids."""
    gaz = get_gazetteer()
    out = []
    for m in _EN_REGION.finditer(text):
        iso = gaz.region_en.get(norm_alias(m["n"]))
        if iso:
            out.append((m.start(), m.end(), [iso]))
    return out


def region_spans_slavic(text: str) -> list[tuple[int, int, list[str]]]:
    """'Харківська область', 'Донецкой области', 'Харківщині' -> oblast ids."""
    rx, order = _slavic_region_regex()
    out = []
    for m in rx.finditer(text):
        if m.lastgroup:
            out.append((m.start(), m.end(), [order[int(m.lastgroup[1:])]]))
    return out


_EN_REGION = re.compile(r"\b(?P<n>[A-Z][\w'’]+(?:[- ][A-Z][\w'’]+)?)\s+(?:[Rr]egion|[Oo]blast|"
                        r"[Pp]rovince)\b")
_SLAVIC_RX: list = []


def _slavic_region_regex() -> tuple[re.Pattern[str], list[str]]:
    """One regex with a named group per oblast stem set."""
    if not _SLAVIC_RX:
        gaz = get_gazetteer()
        parts, order = [], []
        for i, (iso, adj, shch) in enumerate(gaz.region_stems):
            alts = [rf"(?:{a})\w*\s+(?:област\w*|обл(?=\.)|ОВА|ОДА|ВЦА)" for a in adj]
            alts += [rf"(?:{s})\w*" for s in shch]
            parts.append(f"(?P<r{i}>{'|'.join(alts)})")
            order.append(iso)
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
        _SLAVIC_RX.append((rx, order))
    return _SLAVIC_RX[0]
