"""Rule-based person names for uk/ru over pymorphy3 readings: lone first names and
surnames, initials ('Б. Хмельницький', 'Кисельовим В. І.'), surname-first order and runs
that join two people ('Бродського Світлана': Brodsky's wife Svitlana)."""

from __future__ import annotations

import re

from .common import sentence_initial
from .morph import is_known, name_kinds, name_lemma, parses
from .people import RawPerson, canonical_first_name, is_first_name, resolve_people

Token = tuple[int, int, str]
_UP = "А-ЯІЇЄҐЎ"
_INITIAL = rf"[{_UP}] ?\."
_SURNAME = rf"[{_UP}][{_UP.lower()}а-яіїєґўь'-]+|[{_UP}]{{2}}[{_UP}'-]+"
# "Б. Хмельницький", "М. В. Цимбал", "С . М . Реформатського"; "Кисельовим В. І."
_BEFORE = re.compile(rf"(?<![\w.])(?:{_INITIAL} ?){{1,2}}(?P<s>{_SURNAME})(?![\w-])")
_AFTER = re.compile(rf"(?<![\w-])(?P<s>{_SURNAME}) (?:{_INITIAL} ?){_INITIAL}")
# street, square, avenue markers: 'вул. Шевченка' names a street, not the person
_STREET = re.compile(r"(?i)(?<!\w)(?:вул|вулиц[яіює]|улиц[аеуы]|пр|просп|проспект\w*|пров|"
                     r"провулк?\w*|переулк?\w*|пл|площ[аіеу]\w*|бульвар\w*|б-р|шосе|"
                     r"набережн\w*|узвіз\w*|ім|им|імені|имени|метро|станці\w*)\s?\.?\s*$")
_NAME_TAGS = {"Name", "Surn", "Patr"}
_PLACE_PREP = re.compile(r"(?i)(?<!\w)(?:в|у|на|до|з|із|біля|під|во|из|около)\s+$")
_PATRONYMIC = re.compile(r"[А-ЯІЇЄҐ][а-яіїєґ']+(?:ович|евич|євич|йович|ьович|івн|ївн|овн|евн)"
                         r"(?:а|у|ем|ові|ою|і|ей|е|ым|ом)?")
_WEAK_GIVEN = {"Бог", "Бога", "Богу", "Боже"}


def is_patronymic(word: str) -> bool:
    """'Володимирівна', 'Івановича': a patronymic by its suffix."""
    return bool(_PATRONYMIC.fullmatch(word))


def place_prep(before: str) -> bool:
    """True when the text before a token ends in a place preposition ('у ', 'до ')."""
    return bool(_PLACE_PREP.search(before))


def after_street(text: str, start: int) -> bool:
    """True when a street/square marker or 'імені' precedes the token ('вул. Франка')."""
    return bool(_STREET.search(text[max(0, start - 14):start]))


def _pure(word: str, lang: str, tag: str) -> bool:
    """Every reading of the word is a name of this kind (no common-noun or other reading)."""
    ps = [p for p in parses(word, lang) if p.tag.POS]
    return bool(ps) and all(tag in p.tag for p in ps)


def lone_kind(text: str, tok: Token, lang: str) -> str | None:
    """'given' or 'surname' when a lone capitalized token reads as a person's name here."""
    word = tok[2]
    if len(word) < 2 or word.isupper() or not word[:1].isupper() or word in _WEAK_GIVEN:
        return None
    if after_street(text, tok[0]):
        return None
    kinds = name_kinds(word, lang)
    initial = sentence_initial(text, tok[0])
    if is_first_name(word) and "Name" in kinds:
        return "given"
    if "Name" in kinds:
        if _pure(word, lang, "Name"):
            return "given"
        if initial or not all(p.tag.POS == "NOUN" for p in parses(word, lang)):
            return None
        if _PLACE_PREP.search(text[max(0, tok[0] - 6):tok[0]]) and any(
                "inan" in p.tag and "Name" not in p.tag for p in parses(word, lang)):
            return None  # 'у Станіславі', 'до Софії': the town, not the woman
        return "given"
    if "Surn" in kinds and not initial and _pure(word, lang, "Surn"):
        return "surname"
    return None


def given_lemma(word: str, lang: str) -> str:
    """Nominative of a first name token."""
    return name_lemma(word, lang, "Name")


def lone_person(text: str, tok: Token, lang: str) -> RawPerson | None:
    """A RawPerson for a lone name token (a GivenOnly for a first name), or None."""
    kind = lone_kind(text, tok, lang)
    if kind is None:
        return None
    if kind == "given":
        return GivenOnly(tok[0], tok[1], None, given_lemma(tok[2], lang), lang)
    return RawPerson(tok[0], tok[1], None, name_lemma(tok[2], lang, "Surn"), lang)


def _cases(word: str, lang: str) -> set[str]:
    """Grammatical cases of the noun/adjective/name readings of a word."""
    out = set()
    for p in parses(word, lang):
        if p.tag.POS in ("NOUN", "ADJF") or _NAME_TAGS & set(p.tag.grammemes):
            out.add(str(p.tag.case) if p.tag.case else "*")
    return out


def dropped_given(word: str, nxt: str, lang: str, any_noun: bool = False) -> bool:
    """A first name before a name natasha found: one of the table, or a dictionary first
    name in the case of the next word ('Ілоном | Маском'); with `any_noun` (a particle
    between them), any name or unknown word in that case ('Мухаммедом бін | Салманом')."""
    kinds = name_kinds(word, lang)
    named = "Name" in kinds or (any_noun and (bool(kinds) or not is_known(word, lang)))
    return is_first_name(word) or (named and bool(
        (_cases(word, lang) & _cases(nxt, lang)) - {"*"}))


def _agree(a: str, b: str, lang: str) -> bool:
    """Whether two words can stand in the same case."""
    ca, cb = _cases(a, lang), _cases(b, lang)
    return not ca or not cb or "*" in ca or "*" in cb or bool(ca & cb)


def split_run(tokens: list[Token], run: list[int], lang: str) -> list[list[int]]:
    """Split a run before a first name that does not agree in case with the word before it
    ('Бродського Світлана', 'Порошенка Костянтину Яринічу')."""
    parts: list[list[int]] = [[run[0]]]
    for i in run[1:]:
        prev, word = tokens[parts[-1][-1]][2], tokens[i][2]
        starts_name = is_first_name(word) or _pure(word, lang, "Name")
        if starts_name and not (name_kinds(prev, lang) & {"Name", "Patr"}) and not _agree(
                prev, word, lang):
            parts.append([i])
        else:
            parts[-1].append(i)
    return parts


# Slavic surname suffixes (nominative or oblique): what a first word needs to be read as
# the surname of a surname-first name when the dictionary has no surname reading for it
_SLAVIC_SURNAME = re.compile(r"(?:(?:енк|ук|юк|ов|ев|єв|ин|ін|ич|ець|ц)(?:о|а|у|ом|ем|ові|ою|ым|"
                             r"им|е|і|ого|ому)?|(?:ськ|цьк|ск|цк)\w{1,3})$")


def surname_first(words: list[str], lang: str) -> bool:
    """'Шевченко Тарас': a surname then a first name in the same case. The first word must
    read as a surname (a dictionary surname or a Slavic surname suffix): a foreign given name
    the dictionary does not know stays first ('Линдси Грэм', Грэм being also a first name)."""
    if len(words) != 2:
        return False
    first, last = words
    if is_first_name(first) or "Name" in name_kinds(first, lang):
        return False
    if "Surn" not in name_kinds(first, lang) and not _SLAVIC_SURNAME.search(first.lower()):
        return False
    return (is_first_name(last) or _pure(last, lang, "Name")) and _agree(first, last, lang)


def initial_people(text: str, lang: str) -> list[RawPerson]:
    """Surnames with initials before or after them ('Б. Хмельницький', 'Кисельовим В. І.')."""
    out: list[RawPerson] = []
    for rx in (_AFTER, _BEFORE):
        for m in rx.finditer(text):
            word = m["s"]
            if word.isupper():
                word = word.capitalize()
            if any(p.tag.POS in ("PREP", "CONJ", "PRCL", "NPRO") for p in parses(word, lang)):
                continue
            if any(p.start < m.end() and m.start() < p.end for p in out):
                continue
            if rx is _AFTER and "Surn" not in name_kinds(word, lang) and is_known(word, lang):
                continue  # 'Присутній М. В. Цимбал': the initials belong to the next word
            out.append(RawPerson(m.start(), m.end(), None, name_lemma(word, lang, "Surn"),
                                 lang))
    return out


def given_display(lemma: str, lang: str) -> tuple[str, str]:
    """(id, display name) of a person known only by a first name."""
    from .people import given_key
    from .translit import translit

    canon = canonical_first_name(lemma)
    display = canon or translit(lemma, lang).title()
    return f"given-{given_key(lemma, lang)}", display


def pure_name(word: str, lang: str) -> bool:
    """Every reading of the word is a first name ('Лариса', not 'Софія' the city)."""
    return _pure(word, lang, "Name")


class GivenOnly(RawPerson):
    """A person named by a first name only; ``surname`` holds the nominative first name."""


# name particles as Russian and Ukrainian write them (uk бін/ібн/ді/дю ~ ru бин/ибн/ди/дю)
_PARTICLES = {"бин", "ибн", "бен", "аль", "эль", "ель", "ле", "ла", "де", "дель", "ди", "да",
              "дос", "фон", "ван", "дер", "дю", "Ле", "Ла", "Де", "Ди", "Да", "Ван", "Фон",
              "Аль", "Эль", "Бин", "Ибн", "Абд", "Абу", "Ван-дер", "бін", "ібн", "бінт", "бинт",
              "ді", "делла", "ден", "Бін", "Ібн", "Ді", "Ель"}
_PARTICLE_PREFIX = re.compile(r"(?:аль|эль|ель|ад|ас|ар|ибн|ібн|бин|бін|де|ди|ді|ван|фон)-"
                              r"[А-ЯІЇЄҐA-Z]")


def is_particle(word: str) -> bool:
    """Name particles inside foreign names ('бин', 'Ле', 'аль-Хадж', 'Де')."""
    return word in _PARTICLES or bool(_PARTICLE_PREFIX.match(word))


def resolve_slavic(people: list[RawPerson]) -> list[tuple[RawPerson, str, str]]:
    """Ids for people; a lone first name takes the id of the one full name it starts."""
    out = resolve_people(_keep_people(people))
    by_given: dict[str, set[tuple[str, str]]] = {}
    for raw, pid, name in out:
        if raw.given:
            key = canonical_first_name(raw.given) or raw.given
            by_given.setdefault(key, set()).add((pid, name))
    for k, (raw, pid, name) in enumerate(out):
        if isinstance(raw, GivenOnly):
            key = canonical_first_name(raw.surname) or raw.surname
            full = by_given.get(key, set())
            pid, name = (next(iter(full)) if len(full) == 1
                         else given_display(raw.surname, raw.language))
            out[k] = (raw, pid, name)
    return out


def _keep_people(people: list[RawPerson]) -> list[RawPerson]:
    """Drop overlapping duplicates; keep order by position."""
    out: list[RawPerson] = []
    for p in sorted(people, key=lambda p: (p.start, -(p.end - p.start))):
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


_NOT_SYLLABLE = re.compile(r"(?:ов|ев|єв|ськ|цьк|ск|цк|енк|ук|юк|ич)\w{0,3}$")


def east_asian_start(tokens: list[Token], i: int, text: str) -> bool:
    """Token i is an East Asian family name followed by a given name ('Ли Цян', 'Кім Чен
    Ин'): the next token is capitalized, one space away, no first name of the table and no
    Slavic surname ('Ян Гусев' is a Slavic name)."""
    from .east_asian import is_family_name

    if i + 1 >= len(tokens) or not is_family_name(tokens[i][2]):
        return False
    nxt = tokens[i + 1][2]
    one_vowel = nxt in ("И", "І", "Ї", "Е", "Є", "Ю", "Я")  # 'Ван И' (Wang Yi), 'Ван І'
    return (text[tokens[i][1]:tokens[i + 1][0]] == " " and nxt[:1].isupper() and (one_vowel or (
            len(nxt) > 1 and not nxt.isupper())) and not is_first_name(nxt)
            and not _NOT_SYLLABLE.search(nxt.lower()))


def east_asian_person(tokens: list[Token], run: list[int], lang: str, text: str
                      ) -> RawPerson | None:
    """A run starting with an East Asian family name: the family name as written (the
    names do not decline), the given name's syllables with the last one's case ending
    stripped ('Ли Цяном' -> Ли + Цян, 'Кім Чен Ином' -> Кім + Чен Ин)."""
    from .east_asian import syllable_lemma
    from .morph import strip_oblique

    if len(run) < 2 or len(run) > 4 or not east_asian_start(tokens, run[0], text):
        return None
    words = [tokens[i][2] for i in run]
    last = syllable_lemma(words[-1])
    last = strip_oblique(last, lang) if last == words[-1] else last
    given = " ".join([*words[1:-1], last[:1].upper() + last[1:]])
    return RawPerson(tokens[run[0]][0], tokens[run[-1]][1], words[0], given, lang)


def dropped_start(tokens: list[Token], first: int, lang: str, text: str) -> int:
    """Where a name natasha found at token `first` really starts: natasha often drops the
    first name ('Ілоном | Маском'), the family name ('Ли | Цян') or a first name and a
    particle ('Мухаммедом бін | Салманом')."""
    from .slavic_aliases import cap

    def joined(i: int) -> bool:
        return tokens[i][1] + 1 == tokens[i + 1][0] and cap(tokens[i][2])

    word = tokens[first][2]
    if first > 0 and (east_asian_start(tokens, first - 1, text) or (
            joined(first - 1) and dropped_given(tokens[first - 1][2], word, lang))):
        return first - 1
    if first > 1 and is_particle(tokens[first - 1][2]) and joined(first - 2) and (
            dropped_given(tokens[first - 2][2], word, lang, any_noun=True)):
        return first - 2
    return first
