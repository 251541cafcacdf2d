"""Entity extraction for newsdex: people, places, organizations and dates in en / uk / ru.

Pipeline (per text):

1. Normalize without changing length (apostrophes -> ', ё -> е), so offsets stay valid.
2. Precise rules first: dates (own regexes in en/uk/ru, normalized by dateparser with the
   text's language and the publication date as base), organizations from a cross-language
   alias table, Ukrainian oblasts ("Kharkiv region", "Харківщині", "Донецкой области").
3. NER: spaCy ``en_core_web_sm`` for English; natasha's NewsNERTagger for uk/ru (batched).
4. Corrections: a span that is a known place is a place (gazetteer of GeoNames cities,
   countries and oblasts, looked up through every pymorphy3 lemma for uk/ru); person names
   are lemmatized to the nominative, transliterated and folded into a key shared across
   scripts; photo credits are dropped; spans are trimmed ("Kupiansk - Expert").
5. Gazetteer and Name+Surname scans for what NER missed; a lone surname after a full name
   in the same text is that person; same-name places are chosen with a country prior
   from the text and population (``confidence`` < 1 when ambiguous).

Models load lazily, once per process. ``resolve`` maps a user-typed spelling to ids without
loading any NER model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from ..article import Mention
from .common import Cand, select
from .en_not_people import clean_people, first_name_orgs
from .identity import PersonIds
from .normalize import normalize_text
from .orgs import org_id
from .people import folded_id, given_and_surname, is_first_name, person_id, surname_ids
from .places import lookup_place
from .rivers import river_cands, river_ids
from .towns import town_mentions

__all__ = ["EntityExtractor", "person_spelling_key", "resolve"]

_CYR = re.compile(r"[\u0400-\u04ff]")


def _lang(language: str) -> str:
    """uk, ru or en (anything else)."""
    return language if language in ("uk", "ru") else "en"


def _day(published: date | datetime | None) -> date | None:
    """The publication day as a date."""
    if isinstance(published, datetime):
        return published.date()
    return published


class EntityExtractor:
    """Finds people, places, organizations and dates and gives them canonical ids."""

    def __init__(self, known_people: Iterable[str] = ()) -> None:
        """Cheap: models and the gazetteer load on first use, once per process.
        `known_people`: person ids an index already holds; a mention whose cross-script
        key matches one of them takes that id (see `identity.PersonIds`)."""
        self.people = PersonIds(known_people)

    def extract(self, text: str, language: str, published: date | None = None) -> list[Mention]:
        """Mentions in one text, sorted by start offset."""
        return self.extract_batch([(text, language, published)])[0]

    def extract_batch(self, docs: Sequence[tuple[str, str, date | None]]) -> list[list[Mention]]:
        """Mentions for several texts; batches natasha calls and spaCy's nlp.pipe."""
        from .en_learned import learned_nlp, merge_ents
        from .english import extract_en, nlp
        from .slavic import extract_slavic, ner_spans

        norm = [normalize_text(text or "") for text, _, _ in docs]
        langs = [_lang(lang) for _, lang, _ in docs]
        results: list[list[Mention]] = [[] for _ in docs]
        en_idx = [i for i, lang in enumerate(langs) if lang == "en" and norm[i].strip()]
        sl_idx = [i for i, lang in enumerate(langs) if lang != "en" and norm[i].strip()]
        if en_idx:
            texts = [norm[i] for i in en_idx]
            en_docs = nlp().pipe(texts, batch_size=32)
            if (learned := learned_nlp()) is not None:  # the CoNLL model decides its types
                en_docs = map(merge_ents, en_docs, learned.pipe(texts, batch_size=32))
            for i, doc in zip(en_idx, en_docs, strict=True):
                cands = river_cands(norm[i], extract_en(norm[i], doc, _day(docs[i][2])))
                results[i] = clean_people(first_name_orgs(docs[i][0],
                                                          _mentions(docs[i][0], cands)))
        if sl_idx:
            for i, spans in zip(sl_idx, ner_spans([norm[i] for i in sl_idx]), strict=True):
                cands = river_cands(norm[i], extract_slavic(norm[i], langs[i], spans,
                                                            _day(docs[i][2])))
                results[i] = _mentions(docs[i][0], cands)
        results = [town_mentions(norm[i], docs[i][0] or "", langs[i], ms)
                   for i, ms in enumerate(results)]
        return self.people.apply(results, langs)


def _mentions(original: str, cands: list[Cand]) -> list[Mention]:
    """Resolve overlaps and build Mentions whose text slices the original input."""
    return [Mention(type=c.type, text=original[c.start:c.end], start=c.start, end=c.end,
                    id=c.id, name=c.name, lat=c.lat, lon=c.lon, country=c.country,
                    confidence=c.confidence) for c in select(cands)]


def resolve(kind: str, text: str) -> list[str]:
    """Ids a user-typed spelling may denote (no NER model is loaded); [] if unknown."""
    text = normalize_text(text or "").strip()
    if not text:
        return []
    lang = _guess_lang(text)
    if kind == "place":
        ids = river_ids(text) or lookup_place(text, lang)
        if not ids and lang != "en":
            ids = lookup_place(text, "ru" if lang == "uk" else "uk")
        return list(ids)
    if kind == "person":
        return _resolve_person(text, lang)
    if kind == "org":
        oid, _ = org_id(text, lang, _org_lemmas(text, lang))
        return [oid] if oid else []
    if kind == "date":
        from .dates import find_dates

        found = find_dates(text, lang, None)
        return [found[0][2].isoformat()] if found else []
    return []


def _guess_lang(text: str) -> str:
    """en for Latin text, uk when Ukrainian-only letters occur, else ru."""
    if not _CYR.search(text):
        return "en"
    return "uk" if re.search(r"[іїєґІЇЄҐ]", text) else "ru"


def _name_parts(text: str, lang: str) -> tuple[str | None, str, str] | None:
    """(given name, surname, language) of a typed name, nominative for uk/ru."""
    from .east_asian import is_family_name, syllable_lemma
    from .morph import name_kinds, name_lemma, strip_oblique, surname_lemma

    words = text.replace(",", " ").split()
    if not words:  # only commas: no name at all
        return None
    if lang == "en":
        given, surname = given_and_surname(words) if len(words) > 1 else (None, words[0])
        return given, surname, lang
    # the language whose dictionary reads the surname as a name wins (uk first for uk)
    order = [lang, "ru" if lang == "uk" else "uk"]
    lg = next((x for x in order if name_kinds(words[-1], x) & {"Surn", "Name"}), lang)
    if len(words) > 1 and is_family_name(words[0]):  # 'Ли Цяном', 'Кім Чен Ином'
        last = syllable_lemma(words[-1])
        last = strip_oblique(last, lg) if last == words[-1] else last
        return words[0], " ".join([*words[1:-1], last[:1].upper() + last[1:]]), lg
    surname = surname_lemma(words[-1], lg, words[0] if len(words) > 1 else None)
    given = name_lemma(words[0], lg, "Name") if len(words) > 1 else None
    return given, surname, lg


def _resolve_person(text: str, lang: str) -> list[str]:
    """Person ids for a typed name: full name -> its id; a surname -> curated + bare key."""
    parts = _name_parts(text, lang)
    if parts is None:
        return []
    given, surname, lang = parts
    if given is None and is_first_name(surname):
        return []
    if not given:
        return surname_ids(surname, lang)
    pid = person_id(given, surname, lang)[0]
    if lang != "en":
        return [pid]
    return list(dict.fromkeys([pid, folded_id(given, surname, lang)]))  # readable, folded


def person_spelling_key(text: str) -> str | None:
    """The cross-script key (`identity.person_key`) of a full name typed in any script
    ('Гордон Браун', 'Gordon Brown'), or None: how a search finds the id an index merged
    the spellings under."""
    text = normalize_text(text or "").strip()
    parts = _name_parts(text, _guess_lang(text)) if text else None
    if parts is None or parts[0] is None:
        return None
    from .identity import person_key
    from .people import display_name

    return person_key(display_name(parts[0], parts[1], parts[2]))


def _org_lemmas(text: str, lang: str) -> str | None:
    """Lemmatized org name for uk/ru (matches the extractor's slugs)."""
    if lang == "en":
        return None
    from .orgs import org_lemma_text

    return org_lemma_text(text.split(), lang)
