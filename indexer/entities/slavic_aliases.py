"""Cyrillic names the gazetteer lacks, mapped to its English aliases: US states, short
and former country names (КНР, ОАЭ, Бирма, Косово), plus Russian-style federal subjects
('Свердловской области', 'Камчатский край') that have no gazetteer entry at all; the
shared lookup helpers of the uk/ru extractor (gazetteer then table, multiword names)."""

from __future__ import annotations

import re
from typing import Any

from .common import Cand, overlaps
from .gazetteer import Gazetteer, get_gazetteer
from .morph import lemmas
from .normalize import norm_alias, slug
from .people import is_first_name
from .places import cyrillic_lookup
from .translit import translit

Token = tuple[int, int, str]

# nominative (ru / uk) -> English gazetteer alias
_EN: dict[str, str] = {
    "калифорния": "California", "каліфорнія": "California", "аризона": "Arizona",
    "техас": "Texas", "флорида": "Florida", "невада": "Nevada", "огайо": "Ohio",
    "мичиган": "Michigan", "мічиган": "Michigan", "иллинойс": "Illinois",
    "іллінойс": "Illinois", "пенсильвания": "Pennsylvania", "пенсільванія": "Pennsylvania",
    "вирджиния": "Virginia", "вірджинія": "Virginia", "массачусетс": "Massachusetts",
    "нью-джерси": "New Jersey", "нью-джерсі": "New Jersey", "колорадо": "Colorado",
    "орегон": "Oregon", "юта": "Utah", "аляска": "Alaska", "гавайи": "Hawaii",
    "гаваї": "Hawaii", "луизиана": "Louisiana", "луїзіана": "Louisiana",
    "алабама": "Alabama", "миннесота": "Minnesota", "міннесота": "Minnesota",
    "висконсин": "Wisconsin", "вісконсин": "Wisconsin", "кентукки": "Kentucky",
    "кентуккі": "Kentucky", "теннесси": "Tennessee", "теннессі": "Tennessee",
    "миссури": "Missouri", "міссурі": "Missouri", "канзас": "Kansas", "айова": "Iowa",
    "небраска": "Nebraska", "оклахома": "Oklahoma", "арканзас": "Arkansas",
    "монтана": "Montana", "айдахо": "Idaho", "вайоминг": "Wyoming", "вайомінг": "Wyoming",
    "индиана": "Indiana", "індіана": "Indiana", "мэриленд": "Maryland",
    "меріленд": "Maryland", "коннектикут": "Connecticut", "нью-мексико": "New Mexico",
    "северная каролина": "North Carolina", "північна кароліна": "North Carolina",
    "южная каролина": "South Carolina", "південна кароліна": "South Carolina",
    "косово": "Kosovo", "бирма": "Myanmar", "бірма": "Myanmar", "мьянма": "Myanmar",
    "мʼянма": "Myanmar", "м'янма": "Myanmar", "оаэ": "United Arab Emirates",
    "оае": "United Arab Emirates", "эмираты": "United Arab Emirates",
    "емірати": "United Arab Emirates", "кнр": "China", "кндр": "North Korea",
    "юар": "South Africa", "пар": "South Africa", "фрг": "Germany", "рф": "Russia",
    "голландия": "Netherlands", "голландія": "Netherlands", "англия": "United Kingdom",
    "англія": "United Kingdom", "британия": "United Kingdom", "британія": "United Kingdom",
}
_ABBR = {"ОАЭ", "ОАЕ", "КНР", "КНДР", "ЮАР", "ПАР", "ФРГ", "РФ"}


def alias_ids(gaz: Gazetteer, words: list[str], language: str) -> list[str]:
    """Gazetteer ids for Cyrillic words naming a place by a table alias (any case)."""
    if len(words) == 1 and words[0] in _ABBR:
        return gaz.lookup(_EN[words[0].lower()], fold=False)
    if len(words) > 2 or any(w.isupper() for w in words):
        return []
    options = [lemmas(w, language)[:4] for w in words]
    combos = [f"{a} {b}" for a in options[0] for b in options[1]] if len(words) == 2 \
        else list(options[0])
    for combo in combos:
        en = _EN.get(norm_alias(combo))
        if en:
            return gaz.lookup(en, fold=False)
    return []


# 'Свердловской области', 'Камчатский край', 'Пермської області' (outside Ukraine: the
# oblast regex of the gazetteer claims the Ukrainian ones first)
_SUBJECT = re.compile(
    r"(?<![\w'-])(?P<a>[А-ЯІЇЄ][\w'-]+?(?:ск|цк|зк|ськ|цьк|зьк)(?:ая|ой|ую|ою|ий|ого|ому|ом|им"
    r"|а|ої|у|ій|ім))\s+(?P<k>област(?:ь|и|ью|і|ю)|обл(?=\.)|кра(?:й|я|ю|ем|єм|ї)|"
    r"автономн\w+\s+округ\w*)(?![\w-])")


def subject_cands(text: str, language: str) -> list[Cand]:
    """Federal subjects and foreign oblasts without coordinates ('Свердловской области')."""
    from .morph import parses

    out = []
    for m in _SUBJECT.finditer(text):
        word = m["a"]
        lemma = next((p.normal_form for p in parses(word, language) if p.tag.POS == "ADJF"),
                     word.lower())
        kind = "Krai" if m["k"].startswith("кра") else "Oblast"
        kind = "Autonomous Okrug" if m["k"].startswith("автоном") else kind
        name = f"{translit(lemma, language).title()} {kind}"
        out.append(Cand(m.start(), m.end(), "place", f"region-{slug(lemma)}-{slug(kind)}", name, 1))
    return out


_PHRASES = [(re.compile(rf"(?<![\w-])(?:{rx})(?![\w-])"), en) for rx, en in (
    (r"Соединенн(?:ые|ых|ым|ыми)\s+[Шш]тат(?:ы|ов|ам|ами|ах)"
     r"|Сполучен(?:і|их|им|ими)\s+[Шш]тат(?:и|ів|ам|ами|ах)", "United States"),
    (r"Соединенн(?:ое|ого|ому|ым|ом)\s+[Кк]оролевств(?:о|а|у|ом|е)"
     r"|Сполучен(?:е|ого|ому|им|ім)\s+[Кк]оролівств(?:о|а|у|ом|і)", "United Kingdom"),
    (r"Российск(?:ая|ой|ую|ою)\s+[Фф]едераци(?:я|и|ю|ей)"
     r"|Російськ(?:а|ої|ій|у|ою)\s+[Фф]едераці(?:я|ї|ю|єю)", "Russia"),
    (r"Эмират(?:ы|ах|ам|ов|ами)|Емірат(?:и|ах|ам|ів|ами)", "United Arab Emirates"),
    (r"(?<!\.)(?:ОАЭ|ОАЕ)", "United Arab Emirates"), (r"(?<!\.)КНР", "China"),
    (r"(?<!\.)КНДР", "North Korea"), (r"(?<!\.)(?:ЮАР|ПАР)", "South Africa"),
    (r"(?<!\.)ФРГ", "Germany"),
)]


def phrase_places(gaz: Gazetteer, text: str) -> list[tuple[int, int, list[str], int]]:
    """Official multiword country names in any case ('Российской федерации')."""
    out = []
    for rx, en in _PHRASES:
        ids = gaz.lookup(en, fold=False)
        out.extend((m.start(), m.end(), ids, 1) for m in rx.finditer(text) if ids)
    return out


def lookup(gaz: Any, words: list[str], lang: str) -> list[str]:
    """Gazetteer ids for Cyrillic words: its own aliases, then the slavic alias table."""
    return cyrillic_lookup(gaz, words, lang) or alias_ids(gaz, words, lang)


def cap(word: str) -> bool:
    """Capitalized but not an all-caps acronym."""
    return word[:1].isupper() and not (word.isupper() and len(word) > 1)



def multiword_places(tokens: list[Token], used: set[int], taken: list[tuple[int, int]],
                      lang: str, places: list) -> None:
    """Runs of 2-3 capitalized tokens that name a gazetteer place ('Північній Кореї')."""
    gaz = get_gazetteer()
    i = 0
    while i < len(tokens) - 1:
        for n in (3, 2):
            run = tokens[i:i + n]
            if len(run) < n or not all(cap(t[2]) for t in run) or any(
                    run[k + 1][0] - run[k][1] != 1 for k in range(n - 1)):
                continue
            if overlaps(run[0][0], run[-1][1], taken) or any(is_first_name(t[2]) for t in run):
                continue
            ids = lookup(gaz, [t[2] for t in run], lang)
            if ids:
                places.append((run[0][0], run[-1][1], ids, 3))
                taken.append((run[0][0], run[-1][1]))
                i += n - 1
                break
        i += 1
