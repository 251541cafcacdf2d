"""Language detection restricted to English, Ukrainian and Russian."""

from __future__ import annotations

import pytest
from conftest import SHARED_DATA

from indexer.language import detect_language

DATA = SHARED_DATA
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"shared test data not found at {DATA} (a fresh clone has none)"
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("samples/uk1.txt", "uk"), ("samples/uk2.txt", "uk"), ("samples/ru1.txt", "ru"),
     ("samples/ru2.txt", "ru")],
)
@needs_data
def test_samples(name: str, expected: str) -> None:
    assert detect_language((DATA / name).read_text(encoding="utf-8")) == expected


@needs_data
def test_seed_is_english() -> None:
    seed = next((DATA / "seed").glob("*.txt"))
    assert detect_language(seed.read_text(encoding="utf-8")) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The war in Ukraine", "en"),
        ("Hello world", "en"),
        ("Київ", "uk"),
        ("Куп'янськ", "uk"),
        ("Війна", "uk"),
        ("Дякую", "uk"),
        ("Слава Україні!", "uk"),
        ("Вибухи у Харкові", "uk"),
        ("Взрывы в Харькове", "ru"),
        ("Добрый день", "ru"),
        ("Они пошли домой", "ru"),
        ("Сырский", "ru"),
        ("Купянск", "ru"),
        ("Подъезд", "ru"),
        ("Kupiansk: Сирський заявив про наступ", "uk"),
        ("NATO: Столтенберг прибудет в Киев в конце месяца", "ru"),
    ],
)
def test_short_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12345", "!!!"])
def test_no_letters_defaults_to_english(text: str) -> None:
    assert detect_language(text) == "en"
