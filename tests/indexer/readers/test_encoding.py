"""Decoding input bytes: UTF-8, BOMs, legacy Cyrillic and Western code pages, bad input."""

from __future__ import annotations

import codecs

import pytest

from indexer.errors import InputError
from indexer.readers.encoding import decode

RUSSIAN = "Сырский: оккупанты усилили наступление на Купянск. Въезд в город закрыт, ёлки."
UKRAINIAN = "Сирський: окупанти посилили наступ на Куп'янськ. Євген і Ґанна їдуть до Києва."
WESTERN = "Chelsea paid £15.8m for Mutu; the café's “zero tolerance” policy — naïve?"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RUSSIAN, "utf-8"),
        (RUSSIAN, "utf-8-sig"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8_r"),
        (RUSSIAN, "utf-16"),
        (UKRAINIAN, "cp1251"),
        (UKRAINIAN, "koi8_u"),
        (UKRAINIAN, "utf-16-be"),
        (WESTERN, "cp1252"),
        ("Müller paid £15.8m in Zürich.", "latin-1"),
        ("Привет, мир", "cp1251"),
    ],
)
def test_round_trip(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode(data, "f.txt") == text


def test_line_endings_are_normalized() -> None:
    assert decode(b"one\r\ntwo\rthree\n", "f.txt") == "one\ntwo\nthree\n"


def test_stray_latin1_byte_in_utf8_text_is_kept() -> None:
    data = "Київ — “Куп’янськ”".encode() + b" costs \xa35"
    assert decode(data, "f.txt") == "Київ — “Куп’янськ” costs £5"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \n"]
)
def test_empty_input(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^blank\.txt: empty file"):
        decode(data, "blank.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"some text\x00with a NUL byte",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_input(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^pic\.txt: binary file"):
        decode(data, "pic.txt")
