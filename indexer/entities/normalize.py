"""Length-preserving text normalization and the folded matching key for names."""

from __future__ import annotations

import re

from anyascii import anyascii

# One character in, one character out: offsets into the normalized text equal offsets into
# the original, so spans found on the normalized text slice the original exactly.
_CHAR_MAP = str.maketrans({
    "’": "'", "ʼ": "'", "`": "'", "′": "'", "‘": "'", "´": "'", "ʹ": "'",
    "ё": "е", "Ё": "Е",
})


def normalize_text(text: str) -> str:
    """Map apostrophe variants to ' and ё to е; the result has the same length."""
    return text.translate(_CHAR_MAP)


def norm_alias(text: str) -> str:
    """Lookup form of a name: normalized, lower-case, single spaces, no trailing dots."""
    text = normalize_text(text).lower().replace("‑", "-").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip(" .")


_FOLD_RULES: list[tuple[str, str]] = [
    ("kh", "h"), ("gh", "h"), ("g", "h"), ("x", "ks"), ("w", "v"), ("ck", "k"),
    ("j", "i"), ("y", "i"), ("ph", "f"),
]


def fold_key(text: str) -> str:
    """Folded Latin key: ignores y/i/j, kh/h/g, apostrophes, soft signs and doubled letters."""
    s = anyascii(normalize_text(text)).lower()
    s = re.sub(r"[^a-z]", "", s)
    for old, new in _FOLD_RULES:
        s = s.replace(old, new)
    s = re.sub(r"(.)\1+", r"\1", s).replace("ie", "e")
    return re.sub(r"(.)\1+", r"\1", s)


def slug(text: str) -> str:
    """A readable ASCII slug: lower-case words joined by hyphens."""
    s = anyascii(normalize_text(text)).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")
