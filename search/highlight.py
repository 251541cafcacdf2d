"""Snippets: the best passages of an article with the matched words marked.

Matches are wrapped in MARK_START/MARK_END (private-use characters that never occur in
news text) so that each front end renders them its own way: `<mark>` after HTML-escaping
the rest, bold in a terminal, nothing in plain text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from indexer.backends.whoosh.analysis import analyzer_for as _analyzer_for

# One analyzer per language for the process: a fresh one starts with a cold stemming cache.
analyzer_for = lru_cache(maxsize=16)(_analyzer_for)

MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_CHARS = 240


_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
FRAGMENTS = 2


def _probes(words: set[str]) -> tuple[str, ...]:
    """The first letters of each query term: a stem or lemma starts like the word it stands
    for ("advanc" for "advancing", "армі" for "армії"), so only words starting so are
    analyzed. Two letters short of the term at most, since Ukrainian alternates vowels
    near a stem's end (Київ, Києві; Харків, Харкова). Empty when a term is too short."""
    stems = [re.split(r"['’ʼ`]", w)[0] for w in words]  # apostrophes vary: cut there
    if any(len(w) < 2 for w in stems):
        return ()
    return tuple(sorted({w[:max(2, min(len(w) - 2, 4))].lower() for w in stems}))


@lru_cache(maxsize=256)
def _candidates(probes: tuple[str, ...]) -> re.Pattern:
    """Words starting with one of the probes (any word when there are none)."""
    if not probes:
        return _WORD
    alternatives = "|".join(re.escape(p) for p in sorted(probes))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*(?:['’ʼ]\w+)*", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def _terms(token: str, language: str) -> frozenset[str]:
    """The query-mode terms of one word, remembered (the same words recur on every page
    of hits: analyzing them was a quarter of a phrase query's time)."""
    return frozenset(t.text for t in analyzer_for(language)(token, mode="query"))


def matches(text: str, words: set[str], language: str) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` that analyzes to one of `words`."""
    found = []
    for m in _candidates(_probes(words)).finditer(text):
        terms = _terms(m.group(), language) & words
        if terms:
            found.append((m.start(), m.end(), min(terms)))
    return found


def _mark(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> str:
    """text[start:end] with the spans inside it wrapped in markers."""
    out, at = [], start
    for s, e, _t in spans:
        if s >= start and e <= end:
            out += [text[at:s], MARK_START, text[s:e], MARK_END]
            at = e
    out.append(text[at:end])
    return "".join(out)


def _fragment(text: str, first: int, size: int) -> tuple[int, int]:
    """A stretch of about `size` characters starting a little before `first`, on spaces."""
    start = text.rfind(" ", 0, max(0, first - size // 5)) + 1 if first > size // 5 else 0
    end = text.find(" ", start + size)
    return start, len(text) if end < 0 else end


def snippet(text: str, words: set[str], language: str, size: int = SNIPPET_CHARS) -> str:
    """The passages of `text` around the analyzed query `words`, or its opening.

    The best two fragments (most distinct matched terms, then earliest), in text order.
    """
    text = " ".join(text.split())
    spans = matches(text, words, language) if words else []
    if spans:
        frag = size // 2
        candidates = []
        for s, _e, _t in spans[:50]:
            start, end = _fragment(text, s, frag)
            terms = {t for a, b, t in spans if a >= start and b <= end}
            candidates.append((-len(terms), start, end))
        chosen: list[tuple[int, int]] = []
        for _score, start, end in sorted(candidates):
            if all(end <= a or start >= b for a, b in chosen):
                chosen.append((start, end))
            if len(chosen) == FRAGMENTS:
                break
        chosen.sort()
        parts = [_mark(text, a, b, spans) for a, b in chosen]
        head = "" if chosen[0][0] == 0 else "… "
        tail = "" if chosen[-1][1] >= len(text) else " …"
        return head + " … ".join(parts) + tail
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size] + " …"


def mark_title(title: str, words: set[str], language: str) -> str:
    """The whole title with matched words marked."""
    if not words:
        return title
    return _mark(title, 0, len(title), matches(title, words, language))


def as_html(marked: str) -> str:
    """HTML-escaped text with matches as <mark> elements."""
    return html.escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def as_plain(marked: str) -> str:
    """The text without match markers."""
    return marked.replace(MARK_START, "").replace(MARK_END, "")


def as_ansi(marked: str) -> str:
    """Matches in bold yellow for a terminal."""
    return marked.replace(MARK_START, "\x1b[1;33m").replace(MARK_END, "\x1b[0m")


def lead(body: str, size: int = 100) -> str:
    """A stand-in title for an article without one: its first sentence, shortened."""
    text = " ".join(body.split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if 0 < cut < size:
            return text[: cut + 1]
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size] + " …"
