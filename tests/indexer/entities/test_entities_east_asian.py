"""East Asian names (issue 26.3): family name first, one key for every script's spelling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.entities import EntityExtractor, person_spelling_key
from indexer.entities.east_asian import is_family_name
from indexer.entities.identity import person_key
from indexer.entities.translit import translit

# (English, Cyrillic, language): one person. Korean eo/eu come as е/ы/и, pinyin j/q/x/zh as
# цз/ц/с/чж: the syllable keys fold them.
SAME = [
    ("Kim Jong Un", "Кім Чен Ин", "uk"), ("Kim Jong Un", "Ким Чен Ын", "ru"),
    ("Li Qiang", "Ли Цян", "ru"), ("Xi Jinping", "Си Цзиньпин", "ru"),
    ("Wang Yi", "Ван І", "uk"), ("Zhang Jun", "Чжан Цзюнь", "ru"),
    ("Moon Jae-in", "Мун Чже Ин", "ru"), ("Kim Yo Jong", "Кім Йо Чен", "uk"),
]
DIFFERENT = [("Kim Jong Un", "Kim Yo Jong"), ("Kim Jong Un", "Kim Jong Il"),
             ("Li Qiang", "Li Keqiang"), ("Xi Jinping", "Li Jinping"),
             ("Kim Jong Un", "Kim Il Sung")]


@pytest.mark.parametrize("english,cyrillic,lang", SAME)
def test_key_survives_transliteration(english: str, cyrillic: str, lang: str) -> None:
    assert person_key(english) == person_key(translit(cyrillic, lang)) is not None


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_people_keep_different_keys(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)


def test_family_names_in_both_scripts() -> None:
    assert all(is_family_name(w) for w in ("Li", "Лі", "Ли", "Xi", "Сі", "Kim", "Ким", "Ван"))
    # Slavic given names, one-letter words and prepositions are not family names
    assert not any(is_family_name(w) for w in ("Ян", "У", "До", "Іван", "John", "He"))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["Kim", "Li", "Wang", "Zhang", "Park", "Xi"]),
       st.lists(st.sampled_from(["Jong", "Un", "Yo", "Qiang", "Jinping", "Jun", "Min", "Hye",
                                 "Sung", "Il", "Wei", "Ming"]), min_size=1, max_size=2))
def test_key_ignores_hyphens_and_case(family: str, syllables: list[str]) -> None:
    spaced = " ".join([family, *syllables])
    hyphened = f"{family} {'-'.join(s.lower() for s in syllables)}"
    assert person_key(spaced) == person_key(hyphened) == person_key(spaced.upper())
    assert person_key(spaced).startswith("ea:")


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


SENTENCES = [
    ("en", "Kim Jong Un inspected a missile launch on Tuesday, state media said."),
    ("uk", "Кім Чен Ин оглянув пуск ракети у вівторок."),
    ("uk", "Зустріч із Кім Чен Ином тривала дві години."),
    ("ru", "Ким Чен Ын осмотрел пуск ракеты во вторник."),
    ("ru", "Встреча с Ким Чен Ыном длилась два часа."),
]


def test_three_part_name_gets_one_id_in_every_script(extractor: EntityExtractor) -> None:
    found = extractor.extract_batch([(t, lang, None) for lang, t in SENTENCES])
    people = [[(m.id, m.name) for m in ms if m.type == "person"] for ms in found]
    assert all(len(p) == 1 for p in people), people
    assert {p[0] for p in people} == {("kim-jong-un", "Kim Jong Un")}, people


@pytest.mark.parametrize("lang,text,span", [
    ("ru", "Ли Цян заявил во вторник, что рост продолжится.", "Ли Цян"),  # ли: a particle
    ("ru", "Встреча с Си Цзиньпином прошла в Пекине.", "Си Цзиньпином"),  # си: a note
    ("uk", "Сі Цзіньпін прибув до Москви.", "Сі Цзіньпін"),
])
def test_family_name_is_part_of_the_name(extractor: EntityExtractor, lang: str, text: str,
                                         span: str) -> None:
    people = [m.text for m in extractor.extract(text, lang) if m.type == "person"]
    assert people == [span], people


def test_slavic_name_after_a_family_name_syllable_is_slavic(extractor: EntityExtractor) -> None:
    people = [(m.text, m.id) for m in extractor.extract(
        "Ян Гусев заявив у понеділок. У Зеленського немає часу.", "uk") if m.type == "person"]
    assert [p[0] for p in people] == ["Ян Гусев", "Зеленського"], people


@pytest.mark.parametrize("spelling", ["Kim Jong Un", "Кім Чен Ин", "Ким Чен Ыном"])
def test_typed_spelling_finds_the_key(spelling: str) -> None:
    assert person_spelling_key(spelling) == person_key("Kim Jong Un")
