"""One id per person across scripts: a coarse phonetic key and the merge of ids by key.

A person's id is made from the text it is read in (English: the slug of the name as
written, ``gordon-brown``; Cyrillic: the folded transliteration, ``hordon-braun``), so the
same person may come with two ids. ``person_key`` maps a Latin name (an English spelling,
a transliterated display name or an id's words) to a key that survives transliteration:
the consonant skeleton of the given name (its canonical form when the first-name table
knows it) and of the surname with the class of its first vowel, after folding the
spellings that English orthography and the uk/ru transliterations write differently
(Guterres ~ Huterrish ~ Guterrish -> Ohtrs;
Brown ~ Braun -> Obrn; Johnson ~ Dzhonson -> OJnsn; Qiang ~ Tsian -> Esn). Particles
(von der, de, van, bin) are left out of the key. An East Asian name (family name first:
Li Qiang ~ Лі Цян, Kim Jong Un ~ Кім Чен Ин) is keyed by all its syllables
(`east_asian.syllable_key`), family name first, without vowel classes.

``PersonIds`` merges: mentions whose keys match get one id (a Cyrillic spelling whose
surname has 'e' also matches an English surname of the run whose first vowel is an open
'a': Graham ~ Грем). An id already registered
(what the index holds, or an earlier batch) wins; else the id of an English mention in the
batch; else the first. The English spelling from English text is the display name.
Only full names (given name and surname) carry a key; a lone surname never merges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from anyascii import anyascii

from ..article import Mention
from .east_asian import is_family_name, syllable_key
from .normalize import normalize_text

# name particles left out of the key (Latin, and their transliterations)
PARTICLES = frozenset({
    "von", "van", "der", "den", "de", "du", "da", "di", "del", "della", "dos", "das", "bin",
    "ibn", "al", "el", "le", "la", "ben", "ter", "zu", "fon", "bint", "af"})

# (pattern, replacement), applied in order to a lower-case ASCII word
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"shch|sch|tsch", "s"),       # щ, German sch (Schmidt ~ Шмідт)
    (r"dzh|tsz|dj|zh|j", "J"),     # дж, цз (Chinese j), ж, English j
    (r"kh", "h"),
    (r"ch|cz", "C"),               # ч
    (r"sh|ts|tz|z", "s"),          # ш, ц, з: Guterres ~ Гутерріш, Scholz ~ Шольц
    (r"ph", "f"), (r"th", "t"), (r"ck", "k"),
    (r"^x", "s"), (r"x", "ks"),    # Xi ~ Сі
    (r"q", "s"),                   # pinyin q ~ ц (Qiang ~ Цян)
    (r"c(?=[eiy])", "s"), (r"c", "k"),
    (r"ng$", "n"),                 # Chinese -ng ~ -н (Qiang ~ Цян)
    (r"(?<=[aeiouy])w", ""), (r"w", "v"),   # Brown ~ Браун, Wladimir ~ Владимир
    (r"g", "h"),                   # uk г = h
    (r"(?<=[aeiouy])h", ""),       # silent h: Johnson ~ Джонсон, Netanyahu ~ Нетаньяху
))
_VOWELS = re.compile(r"[aeiouy]")


def _letters(word: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(normalize_text(word)).lower())


def skeleton(word: str) -> str:
    """The consonant skeleton of one Latin (or Cyrillic, read through anyascii) word:
    folded spellings, vowels dropped (an initial vowel kept as 'V'), letters not doubled."""
    s = _letters(word)
    if not s:
        return ""
    initial = "V" if s[0] in "aeiouy" else ""
    s = re.sub(r"(.)\1+", r"\1", s)
    for rx, rep in _RULES:
        s = rx.sub(rep, s)
    s = _VOWELS.sub("", s)
    return initial + re.sub(r"(.)\1+", r"\1", s)


def vowel_class(word: str) -> str:
    """The class of a word's first vowel: 'O' (a, o, u: Brown ~ Браун, Sullivan ~
    Салліван) or 'E' (e, i: Smith is not Smoot, Johnson not Jensen). A glide before a
    vowel (ю = iu, я = ya) and German ae count as the vowel after it."""
    s = re.sub(r"[iy](?=[aeiou])", "", _letters(word).replace("ae", "e"))
    m = re.search(r"[aeiouy]", s)
    return "" if m is None else ("O" if m.group(0) in "aou" else "E")


def _all_words(name: str) -> list[str]:
    """The words of a Latin name or id (hyphens and spaces split)."""
    return [w for w in re.split(r"[\s\-]+", anyascii(normalize_text(name)).strip()) if w]


def name_words(name: str) -> list[str]:
    """The words of a Latin name or id (hyphens and spaces split), particles dropped."""
    return [w for w in _all_words(name) if w.lower().strip(".") not in PARTICLES]


def person_key(name: str) -> str | None:
    """The cross-script key of a full Latin name ('Gordon Brown', 'Hordon Braun',
    'gordon-brown'), or None for a single word or a name without letters."""
    from .people import canonical_first_name

    words = name_words(name)
    raw = _all_words(name)
    if len(raw) > 1 and is_family_name(raw[0]) and (raw[0].lower() not in PARTICLES or all(
            len(w) <= 3 for w in raw[1:])):  # Li Qiang, Kim Jong Un; Ван І (not Van Dijk)
        keys = [syllable_key(skeleton(w)) for w in raw]
        return "ea:" + ".".join(keys) if all(keys) else None
    if len(words) < 2:
        return None
    given = (canonical_first_name(words[0]) if len(words[0]) > 2 else None) or words[0]
    first, last = skeleton(given), skeleton(words[-1])
    if not first or not last:
        return None
    return f"{first}|{vowel_class(words[-1])}{last}"


# an English surname whose first vowel is an open 'a' (one consonant, then a vowel), which
# Ukrainian and Russian write е/э/ей: Graham ~ Грем, Baker ~ Бейкер, Davis ~ Девіс
_OPEN_A = re.compile(r"[^aeiouy]*a[^aeiouy][aeiouy]")


class PersonIds:
    """Merges person ids whose keys match (see the module docstring); kept for a run."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        """`known`: person ids an index already holds (they win for their keys)."""
        self._ids: dict[str, str] = {}    # key -> id
        self._names: dict[str, str] = {}  # key -> English display name
        self._open_a: set[str] = set()  # keys of English surnames with an open 'a'
        self.add_known(known)

    def add_known(self, ids: Iterable[str]) -> None:
        """Register ids held elsewhere (their key is read from the id's words)."""
        for pid in ids:
            key = person_key(pid)
            if key:
                self._ids.setdefault(key, pid)

    def apply(self, docs: Sequence[list[Mention]], languages: Sequence[str]
              ) -> list[list[Mention]]:
        """`docs` (the mentions of texts in `languages`) with every person mention given
        its merged id and, where English text named the person, the English display name."""
        batch: list[tuple[str, Mention, bool]] = []
        for mentions, lang in zip(docs, languages, strict=True):
            for m in mentions:
                if m.type == "person":
                    key = person_key(m.name)
                    if key:
                        batch.append((key, m, lang not in ("uk", "ru")))
        batch.sort(key=lambda b: not b[2])
        for k, (key, m, english) in enumerate(batch):
            if english and _OPEN_A.match(_letters(name_words(m.name)[-1])):
                self._open_a.add(key)
            elif not english and key not in self._ids and "|E" in key:
                alt = key.replace("|E", "|O", 1)  # Graham ~ Грем, Baker ~ Бейкер
                if alt in self._open_a:
                    batch[k] = key, m, english = alt, m, english
            self._ids.setdefault(key, m.id)
            if english:
                self._names.setdefault(key, m.name)
        keyed = {id(m): key for key, m, _ in batch}
        return [[replace(m, id=self._ids[keyed[id(m)]],
                         name=self._names.get(keyed[id(m)], m.name)) if id(m) in keyed else m
                 for m in mentions] for mentions in docs]


def ids_by_key(person_ids) -> dict[str, list[str]]:
    """Indexed person ids grouped by their cross-script key (ids without one left out):
    what a reader looks a spelling's `person_spelling_key` up in."""
    table: dict[str, list[str]] = {}
    for pid in person_ids:
        key = person_key(pid)
        if key:
            table.setdefault(key, []).append(pid)
    return table
