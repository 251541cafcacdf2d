"""Shared helpers: candidate spans, overlap resolution, credit zones, word tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names_data import AGENCIES, CREDIT_WORDS

WORD = re.compile(r"[^\W\d_](?:[\w']*[^\W_])?(?:-[^\W\d_](?:[\w']*[^\W_])?)*")
_CREDIT = re.compile(
    rf"\(\s*{CREDIT_WORDS}\s*:?[^)\n]{{0,100}}\)|(?<![\w])(?i:{CREDIT_WORDS})\s*:\s*[^\n]{{0,80}}"
    r"|\b(?:" + "|".join(re.escape(a) for a in AGENCIES if " " in a or len(a) > 3) + r")\b"
    r"(?=\s*(?:\)|$|\n|/))",
    re.IGNORECASE,
)
AGENCY_SET = {a.lower() for a in AGENCIES}


@dataclass
class Cand:
    """A candidate mention before overlap resolution (lower priority number wins)."""

    start: int
    end: int
    type: str
    id: str
    name: str
    priority: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    confidence: float = 1.0


def credit_zones(text: str) -> list[tuple[int, int]]:
    """Spans of photo credits and captions: '(photo: Getty Images)', 'Фото: Reuters'."""
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def overlaps(start: int, end: int, zones: list[tuple[int, int]]) -> bool:
    """True when [start, end) intersects any zone."""
    return any(s < end and start < e for s, e in zones)


def select(cands: list[Cand]) -> list[Cand]:
    """Keep non-overlapping candidates, preferring low priority numbers, then longer spans."""
    chosen: list[Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (c.priority, -(c.end - c.start), c.start)):
        if c.end <= c.start or overlaps(c.start, c.end, taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen


def sentence_initial(text: str, start: int) -> bool:
    """True when only punctuation/quotes separate the token from a sentence start."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'«„“(—–-":
        i -= 1
    return i < 0 or text[i] in ".!?…\n"
