"""Dates: a gold table in en/uk/ru, absolute and relative, with negatives."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.entities import EntityExtractor
from indexer.entities.dates import find_dates

PUB = date(2023, 11, 20)  # a Monday

# (language, text, publication date, expected ids)
GOLD = [
    ("en", "Kupiansk was occupied on February 27, 2022.", None, ["2022-02-27"]),
    ("en", "On September 10, 2022, the city was liberated.", None, ["2022-09-10"]),
    ("en", "The talks began on 27 February 2022 in Minsk.", None, ["2022-02-27"]),
    ("en", "It happened on Sept. 10, 2022 and again on Oct 3rd, 2023.", None,
     ["2022-09-10", "2023-10-03"]),
    ("en", "The summit opens on May 5.", PUB, ["2023-05-05"]),
    ("en", "The summit opens on May 5.", None, []),
    ("en", "We may now make a second attempt.", None, []),
    ("en", "We may now make a second attempt.", PUB, []),
    ("en", "we", PUB, []),
    ("en", "may", PUB, []),
    ("en", "now", PUB, []),
    ("en", "a second", PUB, []),
    ("en", "Today the enemy attacked.", None, []),
    ("en", "Yesterday the enemy attacked.", PUB, ["2023-11-19"]),
    ("en", "The mayor said on Tuesday that power was restored.", PUB, ["2023-11-14"]),
    ("uk", "Куп'янськ був окупований 27 лютого 2022 року.", None, ["2022-02-27"]),
    ("uk", "10 вересня 2022 року ЗСУ звільнили місто.", None, ["2022-09-10"]),
    ("uk", "Президент 12 жовтня провів нараду.", PUB, ["2023-10-12"]),
    ("uk", "Президент 12 жовтня провів нараду.", None, []),
    ("uk", "Наступного тижня, 5 березня, Рада розгляне закон.", date(2024, 2, 28),
     ["2024-03-05"]),
    ("uk", "Вчора ворог обстріляв місто.", PUB, ["2023-11-19"]),
    ("uk", "У вівторок ворог обстріляв місто.", PUB, ["2023-11-14"]),
    ("uk", "Ми зараз маємо секунду.", PUB, []),
    ("ru", "Купянск был оккупирован 27 февраля 2022 года.", None, ["2022-02-27"]),
    ("ru", "А 10 сентября 2022 года ВСУ освободили город.", None, ["2022-09-10"]),
    ("ru", "Вчера противник обстрелял город.", PUB, ["2023-11-19"]),
    ("ru", "Во вторник противник обстрелял город.", PUB, ["2023-11-14"]),
    ("ru", "Зеленский 12 октября провел совещание.", PUB, ["2023-10-12"]),
    ("ru", "Мы сейчас делаем вторую попытку.", PUB, []),
    ("ru", "Документ датирован 27.02.2022.", None, ["2022-02-27"]),
    ("ru", "31 февраля 2022 года ничего не было.", None, []),
    ("en", "He left last Friday.", PUB, ["2023-11-17"]),
    ("en", "The vote is tomorrow.", PUB, ["2023-11-21"]),
    ("en", "On Monday the city was hit.", PUB, ["2023-11-20"]),
    ("en", "The Second World War ended; now we may see.", PUB, []),
    ("uk", "Учора ввечері було тихо.", PUB, ["2023-11-19"]),
    ("uk", "Позавчора був обстріл.", PUB, ["2023-11-18"]),
    ("uk", "Минулої п'ятниці був обстріл.", PUB, ["2023-11-17"]),
    ("uk", "Минулого вівторка був обстріл.", PUB, ["2023-11-14"]),
    ("ru", "В прошлую пятницу был обстрел.", PUB, ["2023-11-17"]),
    ("ru", "Позавчера был обстрел.", PUB, ["2023-11-18"]),
]


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


@pytest.mark.parametrize("lang,text,published,expected", GOLD)
def test_dates_gold(extractor, lang, text, published, expected):
    ms = extractor.extract(text, lang, published)
    dates = [m for m in ms if m.type == "date"]
    assert [m.id for m in dates] == expected
    for m in dates:
        assert m.name == m.id
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("lang,text,published,expected", GOLD)
def test_find_dates_matches_extractor(lang, text, published, expected):
    assert [d.isoformat() for _, _, d in find_dates(text, lang, published)] == expected


def test_datetime_publication_is_accepted(extractor):
    from datetime import datetime

    ms = extractor.extract("Yesterday Kyiv was attacked.", "en",
                           datetime(2023, 11, 20, 9, 30))  # type: ignore[arg-type]
    assert [m.id for m in ms if m.type == "date"] == ["2023-11-19"]
