"""Turn the bytes of an input file into text: encoding detection, binary and empty checks."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from indexer.errors import InputError

# Single-byte encodings news archives in English, Ukrainian and Russian actually use.
_CANDIDATES = ["cp1251", "cp1252", "latin_1", "koi8_r", "koi8_u"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an executable"),
    (b"BZh9", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"SQLite format 3", "an SQLite database"),
)

# Control bytes that never occur in text (tab, LF, FF, CR and ESC are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_ASCII_LETTERS = re.compile(rb"[A-Za-z]")
_HIGH = bytes(range(0x80, 0x100))
_SAMPLE = 65536
_STRAY = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def decode(data: bytes, origin: str) -> str:
    """Decode an input file to text with '\\n' line endings; InputError if empty or binary."""
    if not data.strip():
        raise InputError(f"{origin}: empty file")
    text = _decode_bom(data)
    if text is None:
        _check_binary(data, origin)
        text = _decode_utf8(data)
    if text is None:
        text = _decode_single_byte(data, origin)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{origin}: empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_bom(data: bytes) -> str | None:
    """Text of data that starts with a byte order mark, else None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    return None


def _check_binary(data: bytes, origin: str) -> None:
    """Raise InputError if data looks like a binary file rather than text."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{origin}: binary file ({what}), not text")
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise InputError(f"{origin}: binary file (contains NUL bytes), not text")
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > 0.02 * len(sample):
        raise InputError(f"{origin}: binary file (mostly non-text bytes), not text")


def _decode_utf8(data: bytes) -> str | None:
    """Text of UTF-8 data, tolerating a few stray single-byte characters; None if not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY.findall(text))
    multibyte = len(_NON_ASCII.findall(text)) - stray
    if multibyte <= stray:
        return None
    # Mostly UTF-8 with a few bytes from another encoding (a common scraping accident):
    # keep every byte, reading the stray ones as Windows-1252.
    return data.decode("utf-8", errors=_WESTERN)


def _western(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as Windows-1252, else Latin-1."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    chars = []
    for byte in chunk:
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars), error.end


_WESTERN = "newsdex-western"
codecs.register_error(_WESTERN, _western)


def _decode_single_byte(data: bytes, origin: str) -> str:
    """Text of data in a legacy single-byte encoding (Cyrillic or Western)."""
    high = len(data) - len(data.translate(None, _HIGH))
    latin = len(_ASCII_LETTERS.findall(data))
    if high < 0.1 * (high + latin):
        # Latin-script text with a few accented letters or symbols (£, é, curly quotes).
        return data.decode("cp1252", errors=_WESTERN)
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise InputError(f"{origin}: undecodable content (not UTF-8, Cyrillic or Western text)")
    return str(best)
