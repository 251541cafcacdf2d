"""Cleaning of scraped plain-text articles: headline, noise lines, normalization."""

from __future__ import annotations

import pytest
from conftest import SHARED_DATA

from indexer.readers.clean import clean_body, clean_text, is_noise, normalize_text

DATA = SHARED_DATA
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"shared test data not found at {DATA} (a fresh clone has none)"
)
SEED_TITLE = "Russia attempts to capture Kupiansk - Expert explains Russian intent"


@pytest.fixture(scope="module")
def seed() -> tuple[str, str]:
    """The seed article, cleaned."""
    if not DATA.is_dir():
        pytest.skip(f"shared test data not found at {DATA}")
    path = next((DATA / "seed").glob("*.txt"))
    return clean_text(path.read_text(encoding="utf-8"))


@needs_data
def test_seed_title(seed: tuple[str, str]) -> None:
    assert seed[0] == SEED_TITLE


@needs_data
def test_seed_body_starts_with_first_paragraph(seed: tuple[str, str]) -> None:
    assert seed[1].startswith("The Russians have once again become more active")


@pytest.mark.parametrize("unwanted", [SEED_TITLE, "Getty Images", "ua en ru", "(photo"])
@needs_data
def test_seed_body_has_no_page_furniture(seed: tuple[str, str], unwanted: str) -> None:
    assert unwanted not in seed[1]


@needs_data
def test_seed_keeps_last_paragraph_and_subheads(seed: tuple[str, str]) -> None:
    body = seed[1]
    assert body.endswith("The latest Russian offensive was not a surprise.")
    assert body.split("\n\n")[-1].startswith("John Kirby, the Coordinator")
    assert "\n\nWhat is known about Kupiansk\n\n" in body


@pytest.mark.parametrize(
    "line",
    [
        "ua en ru",
        "EN | UA",
        "UA / RU / EN",
        "Українською",
        "На русском",
        "(photo: Getty Images)",
        "Photo: Reuters",
        "Фото: Getty Images",
        "Фото: ОП",
        "Illustrative photo",
        "Зеленський на нараді у Києві. Фото: Офіс президента",
        "Soldiers near Kupiansk (Photo by John Smith/AP)",
        "© Reuters",
        "Copyright © 2023 Example Media",
        "Photo by Jane Doe",
        "Share",
        "Share this article",
        "Facebook Twitter Telegram",
        "Share | Tweet | Email",
        "Subscribe to our Telegram channel",
        "Follow us on Twitter",
        "Read also: Zelensky held a meeting of the Stavka",
        "Читайте також: Сирський заявив про наступ",
        "Підписуйтесь на наш Telegram-канал",
        "Advertisement",
    ],
)
def test_noise_lines(line: str) -> None:
    assert is_noise(line)


@pytest.mark.parametrize(
    "line",
    [
        "He declined to comment.",
        "Shares in Google rose 5% on Friday.",
        "Russians have intensified their activities in the East",
        "The photographer took a photo of the ruins.",
        "English football clubs spent a record sum in January.",
        "Read the full statement on the ministry's website.",
        "Subscribers to the service will pay more from April.",
        "Photos from the front were published by the ministry, which said the town was held.",
        "Ukraine and Russia (both former Soviet republics) disagree.",
        "Вони пішли додому.",
        "UA",
        "Credit by banks to households fell 3% in March.",
        "Copyright laws were changed in 2003, the minister said.",
        "Image - conscious voters turned away from the party.",
        "Photo finish: Kenya's runner won by a hundredth of a second.",
    ],
)
def test_ordinary_lines_are_not_noise(line: str) -> None:
    assert not is_noise(line)


def test_short_paragraph_survives() -> None:
    title, body = clean_text("A headline\n\nFirst paragraph here.\n\nHe declined to comment.\n")
    assert title == "A headline"
    assert body == "First paragraph here.\n\nHe declined to comment."


def test_inline_credit_removed_from_paragraph() -> None:
    text = (
        "Title\n\nThe bridge was hit overnight (photo: Getty Images) and traffic stopped. "
        "Officials said repairs would take weeks and the detour adds an hour to every trip "
        "through the city, according to the regional administration and local police."
    )
    _, body = clean_text(text)
    assert body.startswith("The bridge was hit overnight and traffic stopped.")
    assert "Getty" not in body


def test_headline_repeated_at_bottom_is_dropped() -> None:
    text = "Big news today\n\nSomething happened.\n\nBig news today.\n\nMore text follows."
    assert clean_text(text) == ("Big news today", "Something happened.\n\nMore text follows.")


def test_paragraph_starting_with_headline_is_kept() -> None:
    text = "Ad sales boost profit\n\nAd sales boost profit at the firm, its chief said."
    assert clean_text(text)[1] == "Ad sales boost profit at the firm, its chief said."


def test_long_first_line_is_body_not_title() -> None:
    paragraph = " ".join(["Word"] * 60) + "."
    assert clean_text(paragraph + "\n\nSecond.") == ("", paragraph + "\n\nSecond.")


def test_lone_line_is_kept_as_body() -> None:
    assert clean_text("ua en ru\n\nJust one line\n") == ("", "Just one line")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Куп’янськ", "Куп'янськ"),
        ("Кропивницькийʼ", "Кропивницький'"),
        ("it`s", "it's"),
        ("5′", "5'"),
        ("a\u00a0b  c\t d", "a b c d"),
        ("e\u0301", "é"),
        ("soft\u00adhyphen\u200b", "softhyphen"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("  a  \n\n\n\n  b ", "a\n\nb"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_clean_body_drops_title_repeat_and_caption() -> None:
    body = (
        "Kupiansk under fire\n"
        "Kupiansk under fire A view of the city (photo: Reuters)\n\n"
        "Shelling continued for a third day.\n\nФото: Reuters\n\nEN | UA"
    )
    assert clean_body("Kupiansk under fire", body) == "Shelling continued for a third day."


@needs_data
@pytest.mark.slow
def test_bbc_text_is_kept_intact() -> None:
    changed = []
    for path in sorted((DATA / "bbc").rglob("*.txt")):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        first, _, rest = normalize_text(raw).partition("\n")
        if clean_text(raw) != (first, rest.strip()):
            changed.append(path.name)
    assert changed == []
