"""Organizations: a small cross-language alias table, else a folded transliteration slug."""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import norm_alias, slug
from .translit import translit

# (id, English display name, regex patterns over normalized text, any language).
# Cyrillic patterns use stems + \w* so that every grammatical case matches.
ORGS: list[tuple[str, str, tuple[str, ...]]] = [
    ("nato", "NATO", (r"NATO", r"НАТО", r"North Atlantic Treaty Organi[sz]ation",
                      r"Північноатлантичн\w* [Аа]льянс\w*", r"Североатлантическ\w* [Аа]льянс\w*")),
    ("armed-forces-of-ukraine", "Armed Forces of Ukraine", (
        r"ЗСУ", r"ВСУ", r"AFU", r"(?:the )?Armed Forces of Ukraine", r"Ukrainian Armed Forces",
        r"Збройн\w* [Сс]ил\w* України", r"Вооруженн\w* [Сс]ил\w* Украины")),
    ("verkhovna-rada", "Verkhovna Rada", (
        r"Verkhovna Rada", r"Верховн\w* Рад\w*", r"Ukrainian [Pp]arliament")),
    ("un", "United Nations", (
        r"UN", r"U\.N\.", r"United Nations", r"ООН", r"Організаці\w* Об'єднаних Націй",
        r"Организаци\w* Объединенных Наций")),
    ("eu", "European Union", (
        r"EU", r"E\.U\.", r"European Union", r"ЄС", r"Євросоюз\w*", r"Європейськ\w* [Сс]оюз\w*",
        r"Евросоюз\w*", r"Европейск\w* [Сс]оюз\w*")),
    ("us-national-security-council", "U.S. National Security Council", (
        r"(?:U\.S\. |White House )?National Security Council",
        r"Рад\w* національної безпеки США", r"Совет\w* национальной безопасности США")),
    ("nsdc-ukraine", "National Security and Defense Council of Ukraine", (
        r"National Security and Defen[cs]e Council(?: of Ukraine)?", r"NSDC", r"РНБО",
        r"СНБО", r"Рад\w* національної безпеки і оборони(?: України)?",
        r"Совет\w* национальной безопасности и обороны(?: Украины)?")),
    ("sbu", "Security Service of Ukraine", (
        r"SBU", r"СБУ", r"Security Service of Ukraine", r"Служб\w* безпеки України",
        r"Служб\w* безопасности Украины")),
    ("gur", "Defence Intelligence of Ukraine", (
        r"HUR", r"ГУР(?: МО)?", r"Defen[cs]e Intelligence of Ukraine",
        r"Головн\w* управлінн\w* розвідки", r"Главн\w* управлени\w* разведки")),
    ("ministry-of-defence-russia", "Ministry of Defence of Russia", (
        r"Міністерств\w* оборони (?:Росії|РФ)", r"Міноборони (?:Росії|РФ)",
        r"Министерств\w* обороны (?:России|РФ)", r"Минобороны (?:России|РФ)",
        r"Russian (?:Defen[cs]e|Defen[cs]e Ministry)", r"Ministry of Defen[cs]e of Russia",
        r"Russian Ministry of Defen[cs]e", r"Russia's Defen[cs]e Ministry")),
    # bare "Міністерство оборони" / "Министерство обороны" in this Ukraine-centred archive
    ("ministry-of-defence-ukraine", "Ministry of Defence of Ukraine", (
        r"Міністерств\w* оборони(?: України)?", r"Міноборони(?: України)?",
        r"Министерств\w* обороны(?: Украины)?", r"Минобороны(?: Украины)?",
        r"Ministry of Defen[cs]e of Ukraine", r"Ukrainian Defen[cs]e Ministry",
        r"Ukraine's Defen[cs]e Ministry", r"Ukrainian Ministry of Defen[cs]e")),
    ("general-staff-ukraine", "General Staff of the Armed Forces of Ukraine", (
        r"Генштаб\w*(?: ЗСУ)?", r"Генеральн\w* штаб\w* ЗСУ", r"General Staff of Ukraine",
        r"Ukrainian General Staff", r"General Staff of the Armed Forces of Ukraine")),
    ("kremlin", "Kremlin", (r"(?:the )?Kremlin", r"Кремл\w*")),
    ("pentagon", "Pentagon", (r"(?:the )?Pentagon", r"Пентагон\w*")),
    ("white-house", "White House", (r"(?:the )?White House", r"Біл\w* дом\w*", r"Бел\w* дом\w*")),
    ("iaea", "IAEA", (r"IAEA", r"МАГАТЕ", r"International Atomic Energy Agency")),
    ("g7", "G7", (r"G7", r"G-7", r"Group of Seven")),
    ("imf", "IMF", (r"IMF", r"МВФ", r"International Monetary Fund",
                    r"Міжнародн\w* валютн\w* фонд\w*", r"Международн\w* валютн\w* фонд\w*")),
    ("wagner-group", "Wagner Group", (r"Wagner (?:Group|PMC)", r"ПВК [«\"]?Вагнер[»\"]?",
                                      r"ЧВК [«\"]?Вагнер[»\"]?", r"[Пп]ригожинц\w*")),
    ("russian-armed-forces", "Armed Forces of Russia", (
        r"Збройн\w* [Сс]ил\w* (?:Росії|РФ)", r"Вооруженн\w* [Сс]ил\w* (?:России|РФ)",
        r"Russian Armed Forces", r"Armed Forces of (?:Russia|the Russian Federation)")),
    ("state-duma", "State Duma", (
        r"State Duma", r"Державн\w* [Дд]ум\w*", r"Государственн\w* [Дд]ум\w*", r"Госдум\w*")),
    ("cabinet-of-ministers-ukraine", "Cabinet of Ministers of Ukraine", (
        r"Кабмін\w*", r"Кабінет\w* [Мм]іністрів(?: України)?", r"Кабмин\w*",
        r"Кабинет\w* [Мм]инистров(?: Украины)?", r"Cabinet of Ministers(?: of Ukraine)?")),
]


@lru_cache(maxsize=1)
def table_regex() -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """One alternation over every table pattern; group i names ORGS[i]."""
    parts = []
    for i, (_, _, patterns) in enumerate(ORGS):
        parts.append(f"(?P<o{i}>{'|'.join(patterns)})")
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
    return rx, [(oid, name) for oid, name, _ in ORGS]


def find_table_orgs(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, id, name) for every table organization in the (normalized) text."""
    rx, meta = table_regex()
    out = []
    for m in rx.finditer(text):
        idx = int(m.lastgroup[1:]) if m.lastgroup else 0
        start = m.start()
        if text.startswith("the ", start):
            start += 4
        out.append((start, m.end(), *meta[idx]))
    return out


def match_table(text: str) -> tuple[str, str] | None:
    """The table org a whole span names, if any."""
    rx, meta = table_regex()
    m = rx.fullmatch(text.strip())
    if m and m.lastgroup:
        return meta[int(m.lastgroup[1:])]
    return None


def org_id(text: str, language: str, lemma_text: str | None = None) -> tuple[str, str]:
    """(id, name) for an organization span: table first, else slug of its transliteration."""
    hit = match_table(text)
    if hit:
        return hit
    base = lemma_text or text
    base = re.sub(r"^(?:the|The)\s+", "", base.strip())
    base = re.sub(r"'s?$", "", base)
    if language in ("uk", "ru"):
        base = base.replace("ц", "c").replace("Ц", "C")  # Эпицентр = Epicentr (brand spelling)
    latin = translit(base, language)
    if language in ("uk", "ru") and base.isupper():
        return _fold_slug(slug(latin), base), latin
    display = latin if base != base.lower() else latin.title()
    return _fold_slug(slug(norm_alias(latin)), base), display


def _fold_slug(value: str, source: str) -> str:
    """Ids of Cyrillic names fold the uk/ru transliteration differences (ya/ia, yu/iu, ye/ie,
    iy/ii): «Таврія» and «Таврия» -> tavriia."""
    if not re.search(r"[\u0400-\u04ff]", source):
        return value
    value = re.sub(r"y([aue])", r"i\1", value)
    return re.sub(r"iy(?=-|$)", "ii", value)


def org_lemma_text(words: list[str], language: str) -> str:
    """A multiword uk/ru org name in the nominative: leading adjectives and the head noun are
    lemmatized, the dependents stay as written ('Міністерства оборони' -> 'міністерство
    оборони')."""
    from .morph import parses
    from .normalize import normalize_text

    if len(words) == 1 and words[0].isupper():
        return words[0]
    head = None
    for k, word in enumerate(words):
        ps = [p for p in parses(word, language) if p.tag.POS in ("ADJF", "NOUN")]
        if word.isupper() or not ps:
            break
        noun = next((p for p in ps if p.tag.POS == "NOUN"), None)
        if noun is not None and (ps[0].tag.POS == "NOUN" or k == len(words) - 1):
            head = (k, noun)
            break
    if head is None:
        return " ".join(w if w.isupper() else w.lower() for w in words)
    k, noun = head
    nouns = [p for p in parses(words[k], language) if p.tag.POS == "NOUN"]
    adjs = [p for p in parses(words[0], language) if p.tag.POS == "ADJF"] if k else []
    agree = [n for n in nouns if any(a.tag.case == n.tag.case and (
        a.tag.gender == n.tag.gender or "plur" in a.tag) for a in adjs)]
    same = [n for n in nouns if n.normal_form == words[k].lower()]
    noun = (agree or same or [noun])[0]
    number = {noun.tag.number} if noun.tag.number else set()  # the uk dictionary omits sing
    gender = {noun.tag.gender} if noun.tag.gender and "plur" not in number else set()
    grams = {"nomn"} | number | gender
    out = []
    for word in words[:k]:
        adj = next((p for p in parses(word, language) if p.tag.POS == "ADJF"
                    and p.tag.case == noun.tag.case), None)
        infl = adj.inflect(grams) if adj is not None else None
        out.append(infl.word if infl is not None else word.lower())
    infl = noun.inflect({"nomn"} | number)
    out.append(infl.word if infl is not None else words[k].lower())
    out.extend(w if w.isupper() else w.lower() for w in words[k + 1:])
    return normalize_text(" ".join(out))
